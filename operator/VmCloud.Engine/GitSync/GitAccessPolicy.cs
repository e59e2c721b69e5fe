namespace VmCloud.Engine.GitSync;

/// <summary>
/// Which remotes the operator may fetch from, how long one git command may run, and where the
/// credentials are. Only the paths of credentials are held here: the secrets themselves are read
/// when a fetch needs them and handed to git through its environment, so they appear neither in
/// this record's text, nor in a log, nor on a command line.
/// </summary>
public sealed record GitAccessPolicy
{
    /// <summary>The option that allows another URL scheme, named in refusals.</summary>
    public const string AllowSchemeOption = "--git-allow-scheme";

    /// <summary>The option that allows another host, named in refusals.</summary>
    public const string AllowHostOption = "--git-allow-host";

    /// <summary>The option that names the token file, named in refusals.</summary>
    public const string TokenFileOption = "--git-token-file";

    /// <summary>The option that names the known_hosts file, named in refusals.</summary>
    public const string KnownHostsOption = "--git-known-hosts";

    /// <summary>The environment variable the token is read from when no <see cref="TokenFile"/> is given.</summary>
    public const string TokenVariableName = "VMCLOUD_GIT_TOKEN";

    /// <summary>
    /// URL schemes a remote may use: https, ssh and file by default; http and git (unencrypted,
    /// unauthenticated) only when allowed explicitly. Any other scheme is never allowed.
    /// </summary>
    public IReadOnlyList<string> AllowedSchemes { get; init; } = ["https", "ssh", "file"];

    /// <summary>Hosts a remote may live on, compared without case; empty allows any host.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>How long one git command may run before its process tree is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A file holding the token sent to https (and http) remotes.</summary>
    public string? TokenFile { get; init; }

    /// <summary>
    /// The variable the token is read from when <see cref="TokenFile"/> is null
    /// (<see cref="TokenVariableName"/> unless changed, which tests do to keep to themselves).
    /// </summary>
    public string TokenVariable { get; init; } = TokenVariableName;

    /// <summary>The private key used for ssh remotes; ssh's defaults when null.</summary>
    public string? SshKeyFile { get; init; }

    /// <summary>The known_hosts file ssh checks the server's key against; required for ssh remotes.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>The defaults: https, ssh and file to any host, 60 s per command, no credentials.</summary>
    public static GitAccessPolicy Default { get; } = new();

    /// <summary>Whether <paramref name="scheme"/> (lower case) is allowed.</summary>
    public bool AllowsScheme(string scheme) => AllowedSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="host"/> is allowed: any when the list is empty.</summary>
    public bool AllowsHost(string host) => AllowedHosts.Count == 0 || AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
}
