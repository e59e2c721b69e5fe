using System.Diagnostics;

namespace VmCloud.Core.Tests.Metrics;

/// <summary>The real <c>promtool</c> (Debian package <c>prometheus</c>), found on PATH.</summary>
internal static class Promtool
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>promtool's full path, or null when it is not installed.</summary>
    public static string? Path { get; } = Find();

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="exposition"/> (its stdin).</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("promtool is not installed."), ["check", "metrics"])
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

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, "promtool"))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that runs only where promtool is installed.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null)
            Skip = "promtool is not installed (Debian package prometheus: apt-get install -y prometheus).";
    }
}
