using System.Diagnostics;

namespace VmCloud.Tests;

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

    /// <summary>Runs <c>promtool ARGS</c> in <paramref name="directory"/>: its exit code and everything it wrote.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments) =>
        ToolProcess.RunAsync(StartInfo(directory, arguments), input: null, Deadline);

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="exposition"/> (its stdin).</summary>
    public static Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition) =>
        ToolProcess.RunAsync(StartInfo(Directory.GetCurrentDirectory(), ["check", "metrics"]), exposition, Deadline);

    private static ProcessStartInfo StartInfo(string directory, string[] arguments) =>
        new(Path ?? throw new InvalidOperationException("promtool is not installed (Debian package prometheus: scripts/install-deps)."), arguments)
        {
            WorkingDirectory = directory,
        };
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
