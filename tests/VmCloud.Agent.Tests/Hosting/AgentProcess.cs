using System.Diagnostics;

namespace VmCloud.Agent.Tests.Hosting;

/// <summary>
/// The real <c>vmcloud-agent</c> as a child process (<c>dotnet vmcloud-agent.dll</c>, built next to
/// the tests), with its output kept for failure messages. Disposing kills it if it still runs.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private AgentProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (output) return string.Join('\n', output); }
    }

    public bool HasExited => process.HasExited;

    public static AgentProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "vmcloud-agent.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new AgentProcess(Process.Start(start)!);
    }

    /// <summary>Sends SIGTERM, as systemd does to stop a service, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(deadline);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (output) output.Add(line);
    }
}
