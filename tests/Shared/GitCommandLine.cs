using System.Diagnostics;
using System.Globalization;

namespace VmCloud.Tests;

/// <summary>
/// Runs git for test fixtures: isolated from the machine's git configuration, with a fixed
/// identity, and a deadline after which the process tree is killed and the test fails.
/// </summary>
internal static class GitCommandLine
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>git ARGS</c> in <paramref name="directory"/> and returns its output, trimmed; fails the test when git fails.</summary>
    public static string Run(string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        RunWithInput(directory, environment, input: "", arguments);

    /// <summary>Runs <c>git ARGS</c> with <paramref name="input"/> on its standard input (e.g. <c>git mktree</c>).</summary>
    public static string RunWithInput(string directory, IReadOnlyDictionary<string, string>? environment, string input, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList()) info.Environment.Remove(key);
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["LC_ALL"] = "C";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        string[] settings = ["-c", "init.defaultBranch=main", "-c", "commit.gpgSign=false", "-c", "core.symlinks=true", "-c", "protocol.file.allow=always"];
        foreach (var argument in settings.Concat(arguments)) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"git {string.Join(' ', arguments)} did not end within {Deadline}");
        }
        if (process.ExitCode != 0)
            Assert.Fail($"git {string.Join(' ', arguments)} in {directory} failed ({process.ExitCode.ToString(CultureInfo.InvariantCulture)}): {errors.Result}");
        return output.Result.Trim();
    }
}
