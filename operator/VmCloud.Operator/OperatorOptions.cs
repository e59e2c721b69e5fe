namespace VmCloud.Operator;

/// <summary>
/// The operator's command line: <c>--data-dir DIR --source dir:PATH --policies DIR --poll 30s
/// --agent-tokens FILE --tls-cert FILE --tls-key FILE</c>.
/// </summary>
internal sealed record OperatorOptions(string DataDirectory, IReadOnlyList<string> Sources, string PoliciesDirectory, TimeSpan PollInterval)
{
    /// <summary>The agents' token hashes; without it no agent may connect.</summary>
    public string? AgentTokens { get; init; }

    /// <summary>The PEM certificate and key to serve HTTPS with.</summary>
    public (string Certificate, string Key)? Tls { get; init; }

    /// <summary>The options from the arguments, or the reasons they are wrong.</summary>
    public static (OperatorOptions? Options, IReadOnlyList<string> Errors) Parse(string[] args)
    {
        string? dataDirectory = null, policies = null, poll = null, tokens = null, certificate = null, key = null;
        var sources = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = (args[i], i + 1 < args.Length ? args[i + 1] : null);
            if (name is "--urls") { i++; continue; }
            if (name is not ("--data-dir" or "--source" or "--policies" or "--poll" or "--agent-tokens" or "--tls-cert" or "--tls-key"))
            {
                errors.Add($"unknown option {name}");
                continue;
            }
            if (value is null) { errors.Add($"{name} needs a value"); continue; }
            i++;
            switch (name)
            {
                case "--data-dir": dataDirectory = value; break;
                case "--policies": policies = value; break;
                case "--poll": poll = value; break;
                case "--agent-tokens": tokens = value; break;
                case "--tls-cert": certificate = value; break;
                case "--tls-key": key = value; break;
                default: sources.Add(value); break;
            }
        }
        dataDirectory ??= ".vmcloud/data";
        policies ??= Environment.GetEnvironmentVariable("VMCLOUD_POLICIES") ?? "policies";
        if (!Directory.Exists(policies)) errors.Add($"--policies {policies}: no such directory");
        foreach (var source in sources)
        {
            if (!source.StartsWith("dir:", StringComparison.Ordinal)) errors.Add($"--source {source}: only dir:PATH sources are served so far");
            else if (!Directory.Exists(source[4..])) errors.Add($"--source {source}: no such directory");
        }
        var interval = TimeSpan.FromSeconds(30);
        if (poll is not null && !TryDuration(poll, out interval)) errors.Add($"--poll {poll}: use a duration such as 30s or 2m");
        if (tokens is not null && !File.Exists(tokens)) errors.Add($"--agent-tokens {tokens}: no such file; write it with `vmcloud-agent tokens`");
        if ((certificate is null) != (key is null)) errors.Add("--tls-cert and --tls-key go together");
        foreach (var file in new[] { certificate, key }.OfType<string>().Where(f => !File.Exists(f))) errors.Add($"{file}: no such file");
        return errors.Count > 0
            ? (null, errors)
            : (new OperatorOptions(dataDirectory, sources, policies, interval)
            {
                AgentTokens = tokens,
                Tls = certificate is null ? null : (certificate, key!),
            }, errors);
    }

    private static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !int.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out var amount) || amount <= 0) return false;
        duration = text[^1] switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), _ => default };
        return duration > TimeSpan.Zero;
    }
}
