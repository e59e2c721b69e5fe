using System.Diagnostics;

namespace VmCloud.Operator.Tests.Metrics;

/// <summary>The real <c>promtool</c> (Debian package <c>prometheus</c>, installed by scripts/install-deps).</summary>
internal static class Promtool
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="exposition"/> (its stdin): exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var path = File.Exists("/usr/bin/promtool") ? "/usr/bin/promtool" : "promtool";
        var start = new ProcessStartInfo(path, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.StandardInput.WriteAsync(exposition.AsMemory(), deadline.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, (await stdout) + (await stderr));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool check metrics did not finish within {Deadline.TotalSeconds} s.");
        }
    }
}
