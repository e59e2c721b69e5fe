using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace VmCloud.Tests;

/// <summary>One series of a query's answer: its labels (<c>__name__</c> included when Prometheus keeps it) and value.</summary>
/// <param name="Labels">The series' labels.</param>
/// <param name="Value">The value at the query's time.</param>
internal sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>A label's value, or "" when the series has no such label (as PromQL reads it).</summary>
    public string this[string label] => Labels.GetValueOrDefault(label, "");

    /// <inheritdoc />
    public override string ToString() => $"{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// A real Prometheus (Debian's <c>/usr/bin/prometheus</c>) on a free loopback port, scraping the
/// given targets every <c>scrapeInterval</c> (1 s by default) into a temporary TSDB. Started once
/// <c>/-/ready</c> answers; every wait has a deadline and a failure carries Prometheus' output.
/// Disposing kills it and deletes its folder.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private const int KeptOutputLines = 200;

    private readonly string workspace;
    private readonly Queue<string> output = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? process;

    private PrometheusServer(string workspace) => this.workspace = workspace;

    /// <summary>The prometheus binary: Debian's, else the first on PATH; null when not installed.</summary>
    public static string? BinaryPath { get; } = File.Exists("/usr/bin/prometheus") ? "/usr/bin/prometheus"
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "prometheus")).FirstOrDefault(File.Exists);

    /// <summary>Where Prometheus listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>The last lines Prometheus wrote.</summary>
    public string Output
    {
        get { lock (output) return string.Join('\n', output); }
    }

    /// <summary>Starts Prometheus scraping each target's URL (path included, e.g. http://127.0.0.1:8080/metrics) as its job.</summary>
    public static async Task<PrometheusServer> StartAsync(IEnumerable<(string Job, Uri Metrics)> targets, TimeSpan? scrapeInterval = null)
    {
        if (BinaryPath is null) Assert.Fail("prometheus is not installed (Debian package prometheus)");
        var server = new PrometheusServer(Directory.CreateTempSubdirectory("vmcloud-prometheus-").FullName);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(server.workspace, "prometheus.yml"), Config(targets, scrapeInterval ?? TimeSpan.FromSeconds(1)));
            await server.LaunchAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts Prometheus scraping one target as job <c>vmcloud</c>.</summary>
    public static Task<PrometheusServer> StartAsync(Uri metrics, TimeSpan? scrapeInterval = null) => StartAsync([("vmcloud", metrics)], scrapeInterval);

    /// <summary>Runs an instant query (<c>/api/v1/query</c>) now; a scalar answers as one series without labels.</summary>
    /// <exception cref="InvalidOperationException">Prometheus refused the query (bad PromQL, for instance).</exception>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql)
    {
        using var response = await http.GetAsync(new Uri(Address, $"api/v1/query?query={Uri.EscapeDataString(promql)}"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = answer.RootElement;
        if (root.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"query {promql}: {root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}");
        var data = root.GetProperty("data");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => [.. data.GetProperty("result").EnumerateArray().Select(s => new PrometheusSample(
                s.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString() ?? "", StringComparer.Ordinal),
                ValueOf(s.GetProperty("value"))))],
            "scalar" => [new PrometheusSample(new Dictionary<string, string>(), ValueOf(data.GetProperty("result")))],
            var other => throw new InvalidOperationException($"query {promql}: a {other} answer; ask for an instant vector or a scalar"),
        };
    }

    /// <summary>Queries until <paramref name="until"/> holds and returns that answer; fails at the deadline with the last answer.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> WaitForQueryAsync(string promql, Func<IReadOnlyList<PrometheusSample>, bool> until, TimeSpan? deadline = null)
    {
        var limit = deadline ?? TimeSpan.FromSeconds(30);
        var end = DateTime.UtcNow + limit;
        while (true)
        {
            var answer = await QueryAsync(promql);
            if (until(answer)) return answer;
            if (process is { HasExited: true }) Assert.Fail($"prometheus exited ({process.ExitCode}) while waiting for {promql}\n--- prometheus output ---\n{Output}");
            if (DateTime.UtcNow > end)
                Assert.Fail($"{promql}: not as expected within {limit}; last answer: [{string.Join(", ", answer)}]\n--- prometheus output ---\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until every target has been scraped successfully (<c>up == 1</c>).</summary>
    public Task WaitForTargetsUpAsync(int targets, TimeSpan? deadline = null) =>
        WaitForQueryAsync("up", up => up.Count == targets && up.All(s => s.Value == 1), deadline);

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        http.Dispose();
        Directory.Delete(workspace, recursive: true);
    }

    private static string Config(IEnumerable<(string Job, Uri Metrics)> targets, TimeSpan interval)
    {
        var every = $"{(int)Math.Max(1, interval.TotalMilliseconds)}ms";
        var config = new System.Text.StringBuilder($"global:\n  scrape_interval: {every}\n  scrape_timeout: {every}\n  evaluation_interval: {every}\nscrape_configs:\n");
        foreach (var (job, metrics) in targets)
        {
            config.Append(CultureInfo.InvariantCulture, $"  - job_name: '{job}'\n    scheme: {metrics.Scheme}\n    metrics_path: '{metrics.AbsolutePath}'\n");
            config.Append(CultureInfo.InvariantCulture, $"    static_configs:\n      - targets: ['{metrics.Authority}']\n");
        }
        return config.ToString();
    }

    private static double ValueOf(JsonElement pair) =>
        double.Parse(pair[1].GetString()!.Replace("+Inf", "Infinity", StringComparison.Ordinal).Replace("-Inf", "-Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    // The port is free when picked but may be taken before Prometheus binds it: try another.
    private async Task LaunchAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Address = new Uri($"http://127.0.0.1:{FreePort()}/");
            process = Start();
            if (await WaitReadyAsync(process)) return;
            if (attempt == 3 || !Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                Assert.Fail($"prometheus exited ({process.ExitCode}) before it was ready\n--- prometheus output ---\n{Output}");
            process.Dispose();
        }
    }

    private Process Start()
    {
        var info = new ProcessStartInfo(BinaryPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workspace,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + Path.Combine(workspace, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(workspace, "data"),
            "--web.listen-address=" + Address.Authority,
        })
            info.ArgumentList.Add(argument);
        var started = new Process { StartInfo = info };
        started.OutputDataReceived += (_, e) => Keep(e.Data);
        started.ErrorDataReceived += (_, e) => Keep(e.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private Task<bool> WaitReadyAsync(Process running) =>
        HttpReadiness.WaitAsync(running, http, new Uri(Address, "-/ready"), ReadyDeadline, () => $"\n--- prometheus output ---\n{Output}");

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
}
