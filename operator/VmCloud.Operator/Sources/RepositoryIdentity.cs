namespace VmCloud.Operator.Sources;

/// <summary>
/// One repository is reachable by several URLs (https://github.com/o/r.git, git@github.com:o/r.git,
/// ssh://git@github.com/o/r): its identity is the host and path, lower case, without user, port
/// scheme or the .git suffix, so a webhook's URLs match the source's whichever form each uses.
/// </summary>
internal static class RepositoryIdentity
{
    /// <summary><c>host/owner/name</c>, or null when the text is not a repository URL.</summary>
    public static string? Of(string url)
    {
        string host, path;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme != "file" && uri.Host.Length > 0)
            (host, path) = (uri.Host, uri.AbsolutePath);
        else if (url.IndexOf(':') is var colon and > 0 && !url.Contains("://", StringComparison.Ordinal))
            (host, path) = (url[..colon][(url.IndexOf('@') + 1)..], url[(colon + 1)..]);
        else if (uri is { Scheme: "file" })
            (host, path) = ("file", uri.AbsolutePath);
        else return null;
        path = path.Trim('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        return path.Length == 0 ? null : $"{host}/{path}".ToLowerInvariant();
    }
}
