using System.Globalization;

namespace VmCloud.Engine.GitSync;

/// <summary>
/// A remote repository and branch, parsed from a source spec <c>git:URL#BRANCH</c> and checked
/// against a <see cref="GitAccessPolicy"/>. Only <see cref="Parse"/> makes one, so every remote in
/// the process has passed the policy and carries no credential.
/// </summary>
public sealed record GitRemote
{
    /// <summary>The prefix of a Git source spec.</summary>
    public const string SpecPrefix = "git:";

    /// <summary>The branch used when the spec names none.</summary>
    public const string DefaultBranch = "main";

    // The schemes git can reach a repository with that this parser knows; git's own names, which
    // are also the names of its protocol.<name>.allow settings.
    private static readonly string[] KnownSchemes = ["https", "ssh", "file", "http", "git"];

    private GitRemote(string url, string scheme, string host, string branch)
    {
        Url = url;
        Scheme = scheme;
        Host = host;
        Branch = branch;
    }

    /// <summary>The URL handed to git: https://host/org/repo.git, ssh://git@host:22/org/repo.git, git@host:org/repo.git, file:///path...</summary>
    public string Url { get; }

    /// <summary>The scheme, lower case: https, ssh (also for git@host:path), file, http or git.</summary>
    public string Scheme { get; }

    /// <summary>The host, lower case, without port or brackets; empty for file URLs.</summary>
    public string Host { get; }

    /// <summary>The branch (or full ref) to follow.</summary>
    public string Branch { get; }

    /// <summary>The URL and branch, safe to log and show.</summary>
    public string Display => $"{Url}#{Branch}";

    /// <inheritdoc />
    public override string ToString() => Display;

    /// <summary>
    /// The remote of a spec <c>git:URL#BRANCH</c> (branch <c>main</c> without '#'), or why the spec
    /// is refused: malformed, a credential in the URL, a scheme or host the policy does not allow,
    /// an invalid branch name.
    /// </summary>
    public static (GitRemote? Remote, string? Error) Parse(string spec, GitAccessPolicy policy)
    {
        if (!spec.StartsWith(SpecPrefix, StringComparison.Ordinal))
            return (null, "a Git source reads git:URL#BRANCH, e.g. git:https://github.com/acme/fleet.git#main");
        var rest = spec[SpecPrefix.Length..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        var url = hash < 0 ? rest : rest[..hash];
        var branch = hash < 0 ? DefaultBranch : rest[(hash + 1)..];
        var (parsed, error) = ParseUrl(url);
        if (parsed is null) return (null, error);
        var (normalised, scheme, host) = parsed.Value;
        if (!policy.AllowsScheme(scheme))
            return (null, $"the URL scheme '{scheme}' is not allowed (allowed: {string.Join(", ", policy.AllowedSchemes)}); {GitAccessPolicy.AllowSchemeOption} {scheme} allows it");
        if (scheme != "file" && !policy.AllowsHost(host))
            return (null, $"the host '{host}' is not allowed (allowed: {string.Join(", ", policy.AllowedHosts)}); {GitAccessPolicy.AllowHostOption} {host} allows it");
        if (GitRefName.Check(branch) is { } badBranch) return (null, badBranch);
        return (new GitRemote(normalised, scheme, host, branch), null);
    }

    private static ((string Url, string Scheme, string Host)? Parsed, string? Error) ParseUrl(string url)
    {
        if (url.Length == 0) return Fail("the URL is empty; a Git source reads git:URL#BRANCH");
        if (url.StartsWith('-')) return Fail("the URL starts with '-', which git would take for an option");
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return Fail("the URL holds a space or a control character");
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        return separator >= 0 ? ParseSchemeUrl(url[..separator].ToLowerInvariant(), url[(separator + 3)..]) : ParseScpLike(url);
    }

    // scheme://[user@]host[:port]/path, or file:///path.
    private static ((string, string, string)?, string?) ParseSchemeUrl(string scheme, string rest)
    {
        if (!KnownSchemes.Contains(scheme))
            return Fail($"the URL scheme '{scheme}' is not supported; use https://, ssh://, git@host:path or file:///path");
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..];
        if (scheme == "file")
        {
            if (authority.Length > 0) return Fail("a file URL names a local path: file:///absolute/path");
            if (path.Length <= 1) return Fail("the file URL names no repository");
            return ((scheme + "://" + rest, scheme, ""), null);
        }
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            if (userInfo.Contains(':', StringComparison.Ordinal) || scheme != "ssh")
                return Fail($"the URL carries a user name, password or token; put the token in a file: {GitAccessPolicy.TokenFileOption}");
            if (CheckUser(userInfo) is { } badUser) return Fail(badUser);
        }
        var (host, hostError) = ParseHostPort(authority[(at + 1)..]);
        if (host is null) return Fail(hostError!);
        if (path.Length <= 1) return Fail("the URL names no repository (no path after the host)");
        return ((scheme + "://" + rest, scheme, host), null);
    }

    // [user@]host:path, which git reads as ssh — unless a '/' comes before the ':', which makes it a local path.
    private static ((string, string, string)?, string?) ParseScpLike(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var slash = url.IndexOf('/', StringComparison.Ordinal);
        if (colon < 0 || (slash >= 0 && slash < colon))
            return Fail("not a Git URL; use https://host/org/repo.git, ssh://git@host/org/repo.git, git@host:org/repo.git or file:///absolute/path");
        var left = url[..colon];
        var path = url[(colon + 1)..];
        // transport::address names a remote helper (ext:: runs any command): never a remote here.
        if (path.StartsWith(':')) return Fail($"the URL uses git's transport::address form ('{left}::'), which is not supported");
        var at = left.LastIndexOf('@');
        if (at >= 0 && CheckUser(left[..at]) is { } badUser) return Fail(badUser);
        var host = left[(at + 1)..];
        if (CheckHostName(host) is { } badHost) return Fail(badHost);
        if (path.Length == 0) return Fail("the URL names no repository (nothing after ':')");
        if (path.StartsWith('-')) return Fail("the repository path starts with '-', which ssh or git could take for an option");
        return ((url, "ssh", host.ToLowerInvariant()), null);
    }

    private static (string? Host, string? Error) ParseHostPort(string hostPort)
    {
        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return (null, "the URL's host has '[' without ']'");
            host = hostPort[1..close];
            if (host.Length == 0 || !host.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')) return (null, $"'{host}' is not an IPv6 address");
            var after = hostPort[(close + 1)..];
            if (after.Length > 0 && !after.StartsWith(':')) return (null, "the URL has text between the host and the path");
            if (after.Length > 0) port = after[1..];
        }
        else
        {
            var colon = hostPort.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? hostPort : hostPort[..colon];
            if (colon >= 0) port = hostPort[(colon + 1)..];
            if (CheckHostName(host) is { } badHost) return (null, badHost);
        }
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535))
            return (null, $"the URL's port '{port}' is not a number from 1 to 65535");
        return (host.ToLowerInvariant(), null);
    }

    private static string? CheckHostName(string host) =>
        host.Length == 0 ? "the URL names no host"
        : host.StartsWith('-') || host.StartsWith('.') || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')
            ? $"'{host}' is not a host name"
            : null;

    private static string? CheckUser(string user) =>
        user.Length == 0 || user.StartsWith('-') || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')
            ? "the URL's user name is empty or holds characters other than letters, digits, '.', '-' and '_'"
            : null;

    private static ((string, string, string)?, string?) Fail(string error) => (null, error);
}
