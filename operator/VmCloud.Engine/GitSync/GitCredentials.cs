using System.Text;

namespace VmCloud.Engine.GitSync;

/// <summary>
/// The credentials of one fetch, read from their files when the fetch starts (so a rotated token
/// is picked up) and handed to git only through its environment: the command line of a process is
/// readable by every user in /proc, its environment only by its owner. The same instance redacts
/// them from whatever git prints. Deliberately not a record: its text must not show the secrets.
/// </summary>
internal sealed class GitCredentials
{
    // git's own form for a token over https, which GitHub, GitLab and Gitea all accept.
    private const string TokenUser = "x-access-token";

    private readonly string[] secrets;

    private GitCredentials(IReadOnlyDictionary<string, string> environment, string[] secrets)
    {
        Environment = environment;
        this.secrets = secrets;
    }

    /// <summary>Whether a token is sent.</summary>
    public bool HasToken => Environment.ContainsKey("GIT_CONFIG_VALUE_0");

    /// <summary>Variables to add to git's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>No credentials: nothing to add, nothing to redact.</summary>
    public static GitCredentials None { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>Refuses, before any process runs, a remote whose credentials cannot work: ssh without known hosts.</summary>
    public static void Check(GitRemote remote, GitAccessPolicy policy)
    {
        if (remote.Scheme == "ssh" && policy.KnownHostsFile is null)
            throw new GitException($"{remote.Display}: ssh remotes need a known_hosts file to check the server's key ({GitAccessPolicy.KnownHostsOption} FILE)");
    }

    /// <summary>The credentials for fetching from <paramref name="remote"/>, read now.</summary>
    /// <exception cref="GitException">A credential file is missing or unreadable, or the token is malformed.</exception>
    public static GitCredentials Read(GitRemote remote, GitAccessPolicy policy)
    {
        Check(remote, policy);
        return remote.Scheme switch
        {
            "https" or "http" => ReadToken(policy) is { } token ? ForToken(token) : None,
            "ssh" => ForSsh(policy),
            _ => None,
        };
    }

    /// <summary><paramref name="text"/> with every form of the secrets replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in secrets) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    private static GitCredentials ForToken(string token)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TokenUser}:{token}"));
        var environment = new Dictionary<string, string>
        {
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "http.extraHeader",
            ["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic,
        };
        // Longest first, so a secret that holds another is replaced whole.
        return new(environment, new[] { basic, token }.OrderByDescending(s => s.Length).ToArray());
    }

    private static GitCredentials ForSsh(GitAccessPolicy policy)
    {
        var knownHosts = Path.GetFullPath(policy.KnownHostsFile!);
        if (!File.Exists(knownHosts)) throw new GitException($"the known_hosts file {knownHosts} does not exist");
        var command = new StringBuilder("ssh");
        if (policy.SshKeyFile is { } key)
        {
            var keyPath = Path.GetFullPath(key);
            if (!File.Exists(keyPath)) throw new GitException($"the ssh key file {keyPath} does not exist");
            // As -o IdentityFile rather than -i: ssh checks an -i path before expanding '%' in it, so no escaping suits both.
            command.Append(" -o ").Append(ShellQuote("IdentityFile=" + SshOptionQuote(keyPath))).Append(" -o IdentitiesOnly=yes");
        }
        command.Append(" -o BatchMode=yes -o StrictHostKeyChecking=yes -o ").Append(ShellQuote("UserKnownHostsFile=" + SshOptionQuote(knownHosts)));
        return new(new Dictionary<string, string> { ["GIT_SSH_COMMAND"] = command.ToString() }, []);
    }

    // The file wins over the variable; an absent or empty variable means no token (a public remote).
    private static string? ReadToken(GitAccessPolicy policy)
    {
        string token;
        if (policy.TokenFile is { } file)
        {
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new GitException($"cannot read the token file {file}: {e.Message}");
            }
            if (token.Length == 0) throw new GitException($"the token file {file} is empty");
        }
        else
        {
            token = (System.Environment.GetEnvironmentVariable(policy.TokenVariable) ?? "").Trim();
            if (token.Length == 0) return null;
        }
        // A line break would let the token add headers of its own to every request.
        if (token.Any(c => char.IsControl(c) || c > '~'))
            throw new GitException($"the token (from {policy.TokenFile ?? "$" + policy.TokenVariable}) holds a line break or a character that is not printable ASCII");
        return token;
    }

    // GIT_SSH_COMMAND is run by a shell: quote paths so no character in them is interpreted.
    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // ssh splits an -o value itself, with its own quotes and backslash escapes, and expands %h, %d...
    // in file names, where a literal '%' is written '%%'.
    private static string SshOptionQuote(string path) =>
        "\"" + path.Replace("%", "%%", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
