using System.Diagnostics;

namespace VmCloud.Tests;

/// <summary>Runs a command-line tool for a test: its output collected, its process tree killed at a deadline.</summary>
internal static class ToolProcess
{
    /// <summary>
    /// Starts <paramref name="info"/> (its output is redirected here), writes <paramref name="input"/> to its
    /// standard input when given, and returns its exit code with everything it wrote on stdout then stderr.
    /// </summary>
    /// <exception cref="TimeoutException">It did not end within <paramref name="deadline"/>; it was killed.</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo info, string? input, TimeSpan deadline)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = input is not null;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        using var limit = new CancellationTokenSource(deadline);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), limit.Token);
                process.StandardInput.Close();
            }
            await process.WaitForExitAsync(limit.Token);
            return (process.ExitCode, (await stdout) + (await stderr));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(info.FileName)} {string.Join(' ', info.ArgumentList)} did not finish within {deadline}");
        }
    }
}
