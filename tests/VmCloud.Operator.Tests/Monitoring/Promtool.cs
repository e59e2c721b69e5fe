using System.Diagnostics;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>The real <c>promtool</c> (Debian package <c>prometheus</c>, installed by scripts/install-deps).</summary>
internal static class Promtool
{
    // promtool test rules evaluates a day and more of series minute by minute: ~10 s here.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    /// <summary>promtool's full path on PATH, or null when it is not installed.</summary>
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(directory => System.IO.Path.Combine(directory, "promtool"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>promtool ARGS</c> in <paramref name="directory"/>; returns its exit code and its stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("promtool is not installed."))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, (await stdout) + (await stderr));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {Deadline.TotalSeconds} s.");
        }
    }
}

/// <summary>A fact that runs only where promtool is installed.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null)
            Skip = "promtool is not installed (Debian package prometheus: scripts/install-deps).";
    }
}
