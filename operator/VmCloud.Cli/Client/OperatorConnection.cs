using System.CommandLine;
using VmCloud.Api;

namespace VmCloud.Cli.Client;

/// <summary>The options every command that talks to the operator shares, and how their values are checked.</summary>
internal static class OperatorConnection
{
    /// <summary>Where vmcl looks when neither <c>--server</c> nor <c>$VMCLOUD_SERVER</c> says: the operator's own default.</summary>
    public const string DefaultServer = "http://127.0.0.1:8080";

    /// <summary>The environment variable that names the operator.</summary>
    public const string ServerVariable = "VMCLOUD_SERVER";

    /// <summary><c>--server URL</c>.</summary>
    public static Option<string?> ServerOption() => new("--server")
    {
        HelpName = "URL",
        Description = $"The operator's URL (default: ${ServerVariable}, else {DefaultServer}).",
    };

    /// <summary><c>-n, --namespace TENANT</c>.</summary>
    public static Option<string?> NamespaceOption() => new("--namespace", "-n")
    {
        HelpName = "TENANT",
        Description = "The tenant (namespace) to look in; ignored for cluster-scoped kinds (tenants, hypervisornodes).",
    };

    /// <summary>The operator's URL from the option, else <c>$VMCLOUD_SERVER</c>, else the default; null (after saying why) when it is not an http(s) URL.</summary>
    public static Uri? Server(string? option, TextWriter error) => Server(option, Environment.GetEnvironmentVariable(ServerVariable), error);

    /// <summary>As <see cref="Server(string?, TextWriter)"/>, with the variable's value given (tests).</summary>
    public static Uri? Server(string? option, string? variable, TextWriter error)
    {
        var (text, from) = option is not null ? (option, "--server")
            : variable is { Length: > 0 } ? (variable, $"${ServerVariable}")
            : (DefaultServer, "the default server");
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
        error.WriteLine($"vmcl: {from} {text}: not an http:// or https:// URL");
        return null;
    }

    /// <summary>The kind named by its name, plural or short name; null (after listing the kinds) when there is none.</summary>
    public static KindInfo? Kind(string name, TextWriter error)
    {
        if (Kinds.Resolve(name) is { } kind) return kind;
        error.WriteLine($"vmcl: unknown kind \"{name}\"; the kinds are: "
            + string.Join(", ", Kinds.All.Select(k => $"{k.Plural} ({string.Join(", ", [k.Kind, .. k.ShortNames])})")));
        return null;
    }
}
