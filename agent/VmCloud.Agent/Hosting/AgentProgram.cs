namespace VmCloud.Agent.Hosting;

/// <summary>The command line: help, <c>tokens</c>, a hollow fleet (<c>--fleet</c>) or one real node.</summary>
internal static class AgentProgram
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Any(a => a is "--help" or "-h" or "help"))
        {
            output.Write(Usage.Text);
            return 0;
        }

        if (args.Length > 0 && args[0] == "tokens") return TokensCommand.Run(CommandArguments.Read(args[1..], TokensCommand.Flags), output, error);
        var warnings = new List<string>();
        var fleet = args.Any(a => a == "--fleet" || a.StartsWith("--fleet=", StringComparison.Ordinal));
        var parsed = CommandArguments.Read(args, fleet ? FleetHostOptions.Flags : NodeHostOptions.Flags);
        var errors = new List<string>(parsed.Errors);
        if (fleet)
        {
            var options = FleetHostOptions.Parse(parsed, errors, warnings);
            Warn(error, warnings);
            return options is null ? Usage.Fail(error, errors) : await AgentHost.RunFleetAsync(options, error, cancellationToken);
        }

        var node = NodeHostOptions.Parse(parsed, errors, warnings);
        Warn(error, warnings);
        return node is null ? Usage.Fail(error, errors) : await AgentHost.RunNodeAsync(node, error, cancellationToken);
    }

    private static void Warn(TextWriter error, List<string> warnings)
    {
        foreach (var warning in warnings) error.WriteLine($"vmcloud-agent: warning: {warning}");
    }
}
