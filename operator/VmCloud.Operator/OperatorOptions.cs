using System.Globalization;
using VmCloud.Core.Manifests;
using VmCloud.Engine.GitSync;

namespace VmCloud.Operator;

/// <summary>
/// The operator's command line. Sources: <c>--source dir:PATH</c> or <c>--source git:URL#BRANCH</c>
/// (repeatable); Git access: <c>--git-token-file</c>, <c>--git-ssh-key</c>, <c>--git-known-hosts</c>,
/// <c>--git-allow-scheme</c>, <c>--git-allow-host</c> (repeatable), <c>--git-timeout</c>,
/// <c>--git-no-symlinks</c>; GitHub: <c>--github-webhook-secret</c>, <c>--github-token-file</c>,
/// <c>--github-api</c>; billing: <c>--ledger-postgres</c>, <c>--billing-grace</c>; and the store,
/// policies, poll interval, agent tokens and TLS.
/// </summary>
internal sealed record OperatorOptions(string DataDirectory, IReadOnlyList<string> Sources, string PoliciesDirectory, TimeSpan PollInterval)
{
    /// <summary>The usage lines printed after an error.</summary>
    public const string Usage = """
        usage: vmcloud-operator [--data-dir DIR] [--source dir:PATH | --source git:URL#BRANCH]... [--policies DIR] [--poll 30s] [--urls http://127.0.0.1:8080]
                                [--git-token-file FILE] [--git-ssh-key FILE --git-known-hosts FILE] [--git-allow-scheme SCHEME]... [--git-allow-host HOST]...
                                [--git-timeout 60s] [--git-no-symlinks]
                                [--github-webhook-secret FILE] [--github-token-file FILE] [--github-api URL]
                                [--agent-tokens FILE] [--tls-cert FILE --tls-key FILE]
                                [--ledger-postgres FILE] [--billing-grace 15m]
        """;

    private static readonly string[] Repeatable = ["--source", "--git-allow-scheme", "--git-allow-host"];
    private static readonly string[] Single =
    [
        "--data-dir", "--policies", "--poll", "--agent-tokens", "--tls-cert", "--tls-key", "--git-token-file", "--git-ssh-key",
        "--git-known-hosts", "--git-timeout", "--github-webhook-secret", "--github-token-file", "--github-api",
        "--ledger-postgres", "--billing-grace",
    ];

    /// <summary>The agents' token hashes; without it no agent may connect.</summary>
    public string? AgentTokens { get; init; }

    /// <summary>The PEM certificate and key to serve HTTPS with.</summary>
    public (string Certificate, string Key)? Tls { get; init; }

    /// <summary>Which Git remotes may be fetched, with which credentials, for how long.</summary>
    public GitAccessPolicy Git { get; init; } = GitAccessPolicy.Default;

    /// <summary>Whether symbolic links inside a repository are followed (links leaving it never are).</summary>
    public bool FollowSymlinks { get; init; } = true;

    /// <summary>The file holding the webhook secret; without it <c>/hooks/github</c> answers 503.</summary>
    public string? WebhookSecretFile { get; init; }

    /// <summary>The file holding the GitHub token that posts plans; without it pull requests get no plan.</summary>
    public string? GitHubTokenFile { get; init; }

    /// <summary>The GitHub REST API root (GitHub Enterprise: https://HOST/api/v3).</summary>
    public Uri GitHubApi { get; init; } = new("https://api.github.com");

    /// <summary>
    /// The file holding the PostgreSQL connection string of the billing ledger (a file, so the password
    /// is never on a command line); without it the ledger is embedded in the data folder.
    /// </summary>
    public string? LedgerPostgresFile { get; init; }

    /// <summary>How long an hour stays open for late reports before it is charged.</summary>
    public TimeSpan BillingGrace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The options from the arguments, or the reasons they are wrong.</summary>
    public static (OperatorOptions? Options, IReadOnlyList<string> Errors) Parse(string[] args)
    {
        var (values, flags, errors) = Read(args);
        string? One(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;
        IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var list) ? list : [];

        var policies = One("--policies") ?? Environment.GetEnvironmentVariable("VMCLOUD_POLICIES") ?? "policies";
        if (!Directory.Exists(policies)) errors.Add($"--policies {policies}: no such directory");
        var git = GitAccessPolicy.Default with
        {
            AllowedSchemes = [.. GitAccessPolicy.Default.AllowedSchemes, .. All("--git-allow-scheme").Select(s => s.ToLowerInvariant())],
            AllowedHosts = All("--git-allow-host"),
            TokenFile = One("--git-token-file"),
            SshKeyFile = One("--git-ssh-key"),
            KnownHostsFile = One("--git-known-hosts"),
        };
        if (One("--git-timeout") is { } timeout)
        {
            if (TryDuration(timeout, out var limit)) git = git with { Timeout = limit };
            else errors.Add($"--git-timeout {timeout}: use a duration such as 60s or 2m");
        }
        foreach (var source in All("--source")) CheckSource(source, git, errors);
        var interval = TimeSpan.FromSeconds(30);
        if (One("--poll") is { } poll && !TryDuration(poll, out interval)) errors.Add($"--poll {poll}: use a duration such as 30s or 2m");
        var grace = TimeSpan.FromMinutes(15);
        if (One("--billing-grace") is { } g && (!TryDuration(g, out grace) || grace > TimeSpan.FromHours(24)))
            errors.Add($"--billing-grace {g}: use a duration up to 24h such as 15m");
        var (certificate, key) = (One("--tls-cert"), One("--tls-key"));
        if ((certificate is null) != (key is null)) errors.Add("--tls-cert and --tls-key go together");
        foreach (var name in new[] { "--agent-tokens", "--tls-cert", "--tls-key", "--git-token-file", "--git-ssh-key", "--git-known-hosts", "--github-webhook-secret", "--github-token-file", "--ledger-postgres" })
            if (One(name) is { } file && !File.Exists(file)) errors.Add($"{name} {file}: no such file");
        var api = One("--github-api") ?? "https://api.github.com";
        if (!Uri.TryCreate(api, UriKind.Absolute, out var apiUri) || apiUri.Scheme is not ("https" or "http"))
            errors.Add($"--github-api {api}: not an http(s) URL");

        return errors.Count > 0
            ? (null, errors)
            : (new OperatorOptions(One("--data-dir") ?? ".vmcloud/data", All("--source"), policies, interval)
            {
                AgentTokens = One("--agent-tokens"),
                Tls = certificate is null ? null : (certificate, key!),
                Git = git,
                FollowSymlinks = !flags.Contains("--git-no-symlinks"),
                WebhookSecretFile = One("--github-webhook-secret"),
                GitHubTokenFile = One("--github-token-file"),
                GitHubApi = apiUri!,
                LedgerPostgresFile = One("--ledger-postgres"),
                BillingGrace = grace,
            }, errors);
    }

    /// <summary>Whether a value is a duration such as 30s, 2m or 1h.</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var amount) || amount <= 0) return false;
        duration = text[^1] switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), _ => default };
        return duration > TimeSpan.Zero;
    }

    private static (Dictionary<string, List<string>> Values, HashSet<string> Flags, List<string> Errors) Read(string[] args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--urls") { i++; continue; }
            if (name is "--git-no-symlinks") { flags.Add(name); continue; }
            if (!Repeatable.Contains(name) && !Single.Contains(name))
            {
                var known = Repeatable.Concat(Single).Append("--git-no-symlinks").Append("--urls");
                errors.Add($"unknown option {name}{Suggestions.DidYouMean(name, known)}");
                continue;
            }
            if (i + 1 >= args.Length) { errors.Add($"{name} needs a value"); continue; }
            if (!values.TryGetValue(name, out var list)) values[name] = list = [];
            list.Add(args[++i]);
        }
        return (values, flags, errors);
    }

    private static void CheckSource(string source, GitAccessPolicy git, List<string> errors)
    {
        if (source.StartsWith("dir:", StringComparison.Ordinal))
        {
            if (!Directory.Exists(source[4..])) errors.Add($"--source {source}: no such directory");
        }
        else if (source.StartsWith("git:", StringComparison.Ordinal))
        {
            if (GitRemote.Parse(source, git).Error is { } error) errors.Add($"--source: {error}");
        }
        else errors.Add($"--source {source}: expected dir:PATH or git:URL#BRANCH");
    }
}
