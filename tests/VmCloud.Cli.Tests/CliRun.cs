using VmCloud.Tests;

namespace VmCloud.Cli.Tests;

/// <summary>Runs vmcl in-process and captures what it wrote.</summary>
internal static class CliRun
{
    /// <summary>
    /// Runs vmcl with the checkout's policies unless the arguments name others: test binaries may be
    /// built outside the checkout, where vmcl could not find them by itself.
    /// </summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        if (!args.Contains("--policies")) args = [.. args, "--policies", RepoPaths.Combine("policies")];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Vmcl.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
