using VmCloud.Agent.Fleet;

namespace VmCloud.Agent.Hosting;

/// <summary>The options of <c>vmcloud-agent --fleet</c>: a hollow fleet of simulated nodes in one process.</summary>
/// <param name="Nodes">The nodes read from the fleet's manifests.</param>
/// <param name="OperatorUrl">The operator.</param>
/// <param name="Tokens">Each node's token, read from <c>--token-dir</c>.</param>
/// <param name="StateDirectory">Where test-driver files and node state go.</param>
/// <param name="Urls">Where /livez and /metrics are served.</param>
/// <param name="CaFile">The private CA of the operator's certificate, if any.</param>
internal sealed record FleetHostOptions(IReadOnlyList<FleetNode> Nodes, Uri OperatorUrl, IReadOnlyDictionary<string, string> Tokens, string StateDirectory, string Urls, string? CaFile)
{
    public static readonly string[] Flags = ["--fleet", "--operator", "--token-dir", "--state-dir", "--urls", "--ca-file"];

    public static FleetHostOptions? Parse(CommandArguments args, List<string> errors, List<string> warnings)
    {
        var operatorUrl = OptionChecks.OperatorUrl(args["--operator"], errors);
        var tokenDirectory = OptionChecks.Required(args["--token-dir"], "--token-dir", "the folder of NODE.token files (`vmcloud-agent tokens --fleet PATH --out DIR`)", errors);
        var stateDirectory = OptionChecks.Required(args["--state-dir"], "--state-dir", "where the simulated nodes' files go", errors);
        var urls = OptionChecks.Urls(args["--urls"], errors);
        OptionChecks.CaFile(args["--ca-file"], errors);
        if (stateDirectory is not null) OptionChecks.StateDirectory(stateDirectory, errors);
        if (args.Positional.Count > 0) errors.Add($"unexpected argument(s): {string.Join(' ', args.Positional)}");
        var fleetPath = OptionChecks.Required(args["--fleet"], "--fleet", "a file or folder of HypervisorNode manifests", errors);
        var (nodes, fleetErrors) = fleetPath is null ? ([], []) : FleetNode.Load(fleetPath);
        errors.AddRange(fleetErrors.Select(e => $"--fleet: {e}"));
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tokenDirectory is not null)
        {
            // One line per missing token would drown the output for a thousand nodes: the first few and a count.
            var tokenErrors = new List<string>();
            foreach (var node in nodes)
            {
                if (TokenFile.Read(FleetTokens.TokenPath(tokenDirectory, node.Name), "--token-dir", tokenErrors, warnings) is { } token) tokens[node.Name] = token;
            }

            errors.AddRange(tokenErrors.Take(5));
            if (tokenErrors.Count > 5) errors.Add($"--token-dir: {tokenErrors.Count - 5} more node(s) without a usable token");
        }

        return errors.Count > 0 ? null : new FleetHostOptions(nodes, operatorUrl!, tokens, stateDirectory!, urls, args["--ca-file"]);
    }
}
