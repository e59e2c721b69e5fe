using VmCloud.Agent.Fleet;
using VmCloud.Api;

namespace VmCloud.Agent.Hosting;

/// <summary><c>vmcloud-agent tokens (--fleet PATH | NODE...) --out DIR</c>: mints the nodes' bearer tokens and the operator's hash list.</summary>
internal static class TokensCommand
{
    public static readonly string[] Flags = ["--fleet", "--out"];

    public static int Run(CommandArguments args, TextWriter output, TextWriter error)
    {
        var errors = new List<string>(args.Errors);
        var nodes = new List<string>(args.Positional);
        if (args["--fleet"] is { } fleet)
        {
            var (fleetNodes, fleetErrors) = FleetNode.Load(fleet);
            errors.AddRange(fleetErrors.Select(e => $"--fleet: {e}"));
            nodes.AddRange(fleetNodes.Select(n => n.Name));
        }

        var outDirectory = OptionChecks.Required(args["--out"], "--out", "the folder to write NODE.token and agent-tokens into", errors);
        if (nodes.Count == 0 && errors.Count == 0) errors.Add("name the nodes: --fleet PATH or node names");
        foreach (var node in nodes) OptionChecks.Pattern(node, "node", Patterns.DnsLabel, errors);
        if (errors.Count > 0) return Usage.Fail(error, errors);
        try
        {
            var minted = FleetTokens.Mint(outDirectory!, nodes);
            output.WriteLine($"{minted} token(s) minted, {nodes.Distinct().Count() - minted} kept; {Path.Join(outDirectory, FleetTokens.HashesFileName)} lists {nodes.Distinct().Count()} node(s) for the operator's --agent-tokens");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Usage.Fail(error, [$"--out {outDirectory}: {e.Message}"]);
        }
    }
}
