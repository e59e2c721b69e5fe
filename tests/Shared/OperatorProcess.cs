using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmCloud.Tests;

/// <summary>
/// The real operator as a child process (<c>dotnet vmcloud-operator.dll</c>) on a free loopback port,
/// over its own temporary copy of a manifest tree and its own data folder, so a test may edit the
/// source, kill the process and start it again on the same data. Every wait has a deadline and a
/// failure carries the operator's output. Disposing kills the process and deletes the folder.
/// </summary>
/// <remarks>The operator's dll must sit next to the tests: the test project references the operator project.</remarks>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private const int KeptOutputLines = 400;

    private readonly string workspace = Directory.CreateTempSubdirectory("vmcloud-operator-").FullName;
    private readonly string policies;
    private readonly TimeSpan poll;
    private readonly IReadOnlyList<string> arguments;
    private readonly Queue<string> output = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? process;

    private OperatorProcess(string? manifests, string policies, TimeSpan poll, IReadOnlyList<string> arguments)
    {
        this.policies = policies;
        this.poll = poll;
        this.arguments = arguments;
        SourceDirectory = manifests is null ? null : Path.Combine(workspace, "source");
        DataDirectory = Path.Combine(workspace, "data");
        if (manifests is not null) CopyTree(manifests, SourceDirectory!);
    }

    /// <summary>The operator's own copy of the manifests (its <c>dir:</c> source), free to edit; null without one.</summary>
    public string? SourceDirectory { get; }

    /// <summary>The store's folder, kept across <see cref="KillAndRestartAsync"/>.</summary>
    public string DataDirectory { get; }

    /// <summary>Where the running operator listens, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>The last lines the operator wrote on stdout and stderr.</summary>
    public string Output
    {
        get { lock (output) return string.Join('\n', output); }
    }

    /// <summary>
    /// Copies <paramref name="manifests"/>, starts the operator over the copy (with <paramref name="arguments"/>
    /// added to its command line) and waits for /readyz. Without manifests it has no dir: source
    /// (the arguments give it its sources).
    /// </summary>
    public static async Task<OperatorProcess> StartAsync(string? manifests, string policies, TimeSpan? poll = null, IReadOnlyList<string>? arguments = null)
    {
        var started = new OperatorProcess(manifests, policies, poll ?? TimeSpan.FromSeconds(1), arguments ?? []);
        try
        {
            await started.LaunchAsync();
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>GETs a path of the operator; the body parsed as JSON when it is JSON.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, string Text)> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(Address, path));
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return (response.StatusCode, JsonNode.Parse(text), text);
        }
        catch (JsonException)
        {
            return (response.StatusCode, null, text);
        }
    }

    /// <summary>GETs a path that must answer 200 with JSON.</summary>
    public async Task<JsonNode> GetJsonAsync(string path)
    {
        var (status, body, text) = await GetAsync(path);
        if (status != HttpStatusCode.OK || body is null) Assert.Fail($"GET {path}: {(int)status} {text}\n--- operator output ---\n{Output}");
        return body;
    }

    /// <summary>Reads until <paramref name="until"/> holds and returns that value; fails at the deadline with the last value and the output.</summary>
    public async Task<T> WaitForAsync<T>(string what, Func<Task<T>> read, Func<T, bool> until, TimeSpan? deadline = null)
    {
        var end = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (until(value)) return value;
            if (process is { HasExited: true }) Assert.Fail($"the operator exited ({process.ExitCode}) while waiting for {what}\n--- operator output ---\n{Output}");
            if (DateTime.UtcNow > end) Assert.Fail($"{what}: not reached within {deadline ?? TimeSpan.FromSeconds(30)}; last value: {value}\n--- operator output ---\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Kills the operator with SIGKILL — no shutdown, no flush — then starts it again on the same data and source.</summary>
    public async Task KillAndRestartAsync()
    {
        await KillAsync();
        await LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        http.Dispose();
        Directory.Delete(workspace, recursive: true);
    }

    private async Task LaunchAsync()
    {
        // The port is free when picked but may be taken before the operator binds it: try another.
        // A restart keeps the port, so agents and clients find the operator where it was.
        var keep = process is null && Address.Port != 0;
        for (var attempt = 1; ; attempt++)
        {
            if (!keep || attempt > 1) Address = new Uri($"http://127.0.0.1:{FreePort()}");
            process = Start(Address);
            if (await WaitReadyAsync(process)) return;
            if (attempt == 3 || !Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                Assert.Fail($"the operator exited ({process.ExitCode}) before it was ready\n--- operator output ---\n{Output}");
        }
    }

    private Process Start(Uri address)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "vmcloud-operator.dll");
        if (!File.Exists(dll)) Assert.Fail($"{dll} is missing: the test project must reference operator/VmCloud.Operator");
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workspace,
        };
        string[] command =
        [
            dll, "--data-dir", DataDirectory, .. (SourceDirectory is null ? Array.Empty<string>() : ["--source", "dir:" + SourceDirectory]), "--policies", policies,
            "--poll", ((int)poll.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s", "--urls", address.ToString().TrimEnd('/'),
            .. arguments,
        ];
        foreach (var argument in command) info.ArgumentList.Add(argument);
        // A line per HTTP request would push the operator's own messages out of the kept output.
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        var started = new Process { StartInfo = info };
        started.OutputDataReceived += (_, e) => Keep(e.Data);
        started.ErrorDataReceived += (_, e) => Keep(e.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private Task<bool> WaitReadyAsync(Process running) =>
        HttpReadiness.WaitAsync(running, http, new Uri(Address, "/readyz"), ReadyDeadline, () => $"\n--- operator output ---\n{Output}");

    private async Task KillAsync()
    {
        if (process is null) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            output.Enqueue(line);
            while (output.Count > KeptOutputLines) output.Dequeue();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The dotnet that runs the tests, so the operator runs on the same SDK's runtime.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
