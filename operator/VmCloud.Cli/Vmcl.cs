using System.CommandLine;
using VmCloud.Cli.Commands;

namespace VmCloud.Cli;

/// <summary>The vmcl command line, callable in-process (tests) as well as from Program.</summary>
public static class Vmcl
{
    /// <summary>Exit code: success (valid, fits).</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the input is invalid or does not fit.</summary>
    public const int Invalid = 1;

    /// <summary>Exit code: a usage or I/O error.</summary>
    public const int UsageError = 2;

    /// <summary>Runs vmcl with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var terminal = new Terminal(stdout, stderr);
        var root = new RootCommand("vmcl — the VmCloud command line: validate manifests, estimate their monthly cost, plan a change, read objects from the operator.")
        {
            Options = { CommonOptions.Policies },
        };
        root.Subcommands.Add(ValidateCommand.Create(terminal));
        root.Subcommands.Add(CostCommand.Create(terminal));
        root.Subcommands.Add(PlanCommand.Create(terminal));
        root.Subcommands.Add(GetCommand.Create(terminal));
        root.Subcommands.Add(DescribeCommand.Create(terminal));
        root.Subcommands.Add(StatusCommand.Create(terminal));
        root.Subcommands.Add(InvoiceCommand.Create(terminal));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 || parse.Action is null)
        {
            foreach (var error in parse.Errors) await stderr.WriteLineAsync($"vmcl: {error.Message}");
            await stderr.WriteLineAsync("Run 'vmcl --help' for usage.");
            return UsageError;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
    }
}
