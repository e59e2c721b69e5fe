using System.Text.RegularExpressions;
using VmCloud.Agent.Protocol;
using VmCloud.Api;

namespace VmCloud.Agent.Hosting;

/// <summary>Checks shared by the agent's modes; each adds a sentence saying what to fix.</summary>
internal static class OptionChecks
{
    public static Uri? OperatorUrl(string? value, List<string> errors)
    {
        if (value is null) errors.Add("--operator is required: the operator's URL, e.g. https://operator.par1.vmcloud.internal:8443");
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            errors.Add($"--operator {value}: not an http:// or https:// URL");
        else return uri;
        return null;
    }

    public static string? Required(string? value, string flag, string what, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add($"{flag} is required: {what}");
        return value;
    }

    public static void Pattern(string? value, string flag, string pattern, List<string> errors)
    {
        if (value is not null && !Regex.IsMatch(value, pattern)) errors.Add($"{flag} {value}: expected {Patterns.Describe(pattern)}");
    }

    public static string Urls(string? value, List<string> errors)
    {
        var urls = value ?? "http://127.0.0.1:9100";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                errors.Add($"--urls {url}: not an http:// URL to serve /livez and /metrics on");
        }

        return urls;
    }

    public static void CaFile(string? value, List<string> errors)
    {
        if (value is null) return;
        try
        {
            OperatorHttp.LoadRoots(value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            errors.Add($"--ca-file {value}: cannot read a PEM certificate from it: {e.Message}");
        }
    }

    public static string StateDirectory(string? value, List<string> errors)
    {
        var directory = value ?? "/var/lib/vmcloud-agent";
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Join(directory, $".probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add($"--state-dir {directory}: the agent cannot write there: {e.Message}");
        }

        return directory;
    }
}
