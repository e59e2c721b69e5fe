using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace VmCloud.Benchmarks;

/// <summary>
/// Converge N VirtualServers over M hollow nodes, with the real processes: the operator (embedded
/// store, a dir: source) and one hollow-fleet agent process running M node agents on libvirt
/// test-driver hypervisors. Once every node is registered and Ready, N servers spread over 100
/// tenants are written into the source; the clock runs until the operator reports every one Ready,
/// which takes admission, scheduling, the desired documents, the agents defining and starting the
/// domains, and their reports. Prints the time and both processes' peak memory.
/// </summary>
internal static class ConvergeBenchmark
{
    private const int Tenants = 100;
    private const int ServersPerFile = 500;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(string[] args)
    {
        var servers = Option(args, "--servers", 1_000);
        var nodes = Option(args, "--nodes", 100);
        var policies = Path.GetFullPath(Option(args, "--policies", "policies"));
        var work = Directory.CreateTempSubdirectory("vmcloud-converge-").FullName;
        Console.WriteLine($"converge benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $".NET {Environment.Version}, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"{servers:N0} VPS-NANO over {Tenants} tenants onto {nodes:N0} hollow compute nodes (libvirt test driver), real operator and agent processes");
        try
        {
            await RunAsync(servers, nodes, policies, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task RunAsync(int servers, int nodes, string policies, string work)
    {
        var source = Directory.CreateDirectory(Path.Combine(work, "source")).FullName;
        WriteTenants(source, servers);
        var fleet = Path.Combine(work, "fleet.yaml");
        await File.WriteAllTextAsync(fleet, Fleet(nodes));
        var tokens = Path.Combine(work, "tokens");
        await Run(Dll("vmcloud-agent"), "tokens", "--fleet", fleet, "--out", tokens).WaitForExitAsync();

        var url = $"http://127.0.0.1:{FreePort()}";
        using var operatorProcess = Run(Dll("vmcloud-operator"), "--data-dir", Path.Combine(work, "data"), "--source", "dir:" + source,
            "--policies", policies, "--poll", "1s", "--agent-tokens", Path.Combine(tokens, "agent-tokens"), "--urls", url);
        using var agents = Run(Dll("vmcloud-agent"), "--fleet", fleet, "--operator", url, "--token-dir", tokens, "--state-dir", Path.Combine(work, "agents"));
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            var registering = Stopwatch.StartNew();
            await WaitReadyAsync(http, operatorProcess);
            await WaitAsync(http, "hypervisornodes", nodes, operatorProcess, Ready);
            Console.WriteLine($"{nodes:N0} nodes registered and Ready after {registering.Elapsed.TotalSeconds:0.0} s");

            var clock = Stopwatch.StartNew();
            WriteServers(source, servers);
            await WaitAsync(http, "virtualservers", servers, operatorProcess, Bound);
            Console.WriteLine($"{servers:N0} servers bound to nodes after {clock.Elapsed.TotalSeconds:0.0} s");
            await WaitAsync(http, "virtualservers", servers, operatorProcess, Ready);
            var converged = clock.Elapsed;
            Console.WriteLine($"{servers:N0} servers Ready after {converged.TotalSeconds:0.0} s ({servers / converged.TotalSeconds:N0} servers/s), "
                + $"counted from the commit into the source (polled every 1 s)");
            Console.WriteLine($"peak memory: operator {PeakMiB(operatorProcess):N0} MiB, hollow fleet {PeakMiB(agents):N0} MiB (VmHWM); "
                + $"CPU time: operator {operatorProcess.TotalProcessorTime.TotalSeconds:0.0} s, hollow fleet {agents.TotalProcessorTime.TotalSeconds:0.0} s");
        }
        finally
        {
            operatorProcess.Kill(entireProcessTree: true);
            agents.Kill(entireProcessTree: true);
        }
    }

    private static bool Ready(JsonNode? item) => (item?["status"]?["conditions"] as JsonArray ?? [])
        .Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    private static bool Bound(JsonNode? item) => item?["status"]?["nodeName"] is not null;

    // Counts the objects of a kind that match, until there are `expected` of them.
    private static async Task WaitAsync(HttpClient http, string plural, int expected, Process operatorProcess, Func<JsonNode?, bool> match)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var list = await http.GetFromJsonAsync<JsonObject>($"/apis/vmcloud.io/v1alpha1/{plural}");
            var ready = (list?["items"] as JsonArray ?? []).Count(match);
            if (ready >= expected) return;
            if (operatorProcess.HasExited) throw new InvalidOperationException("the operator exited");
            if (clock.Elapsed > Deadline) throw new TimeoutException($"{ready:N0} of {expected:N0} {plural} Ready after {Deadline}");
            await Task.Delay(1000);
        }
    }

    private static async Task WaitReadyAsync(HttpClient http, Process operatorProcess)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (operatorProcess.HasExited) throw new InvalidOperationException("the operator exited");
            if (clock.Elapsed > Deadline) throw new TimeoutException("the operator was not ready in time");
            await Task.Delay(100);
        }
    }

    private static void WriteTenants(string source, int servers)
    {
        var perTenant = (servers + Tenants - 1) / Tenants;
        for (var t = 0; t < Tenants; t++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(source, "tenants", Tenant(t))).FullName;
            File.WriteAllText(Path.Combine(folder, "tenant.yaml"), $$"""
                apiVersion: vmcloud.io/v1alpha1
                kind: Tenant
                metadata: {name: {{Tenant(t)}}}
                spec:
                  displayName: Benchmark tenant {{t}}
                  billingContact: bench@example.com
                  quotas: {virtualServers: {{perTenant}}, vcpus: {{perTenant}}, memoryGiB: {{perTenant * 2}}, storageGiB: {{perTenant * 40}}}
                """);
        }
    }

    private static void WriteServers(string source, int servers)
    {
        foreach (var group in Enumerable.Range(0, servers).GroupBy(i => (Tenant: i % Tenants, File: i / Tenants / ServersPerFile)))
        {
            var text = new StringBuilder();
            foreach (var i in group)
                text.Append(CultureInfo.InvariantCulture, $"---\napiVersion: vmcloud.io/v1alpha1\nkind: VirtualServer\nmetadata: {{name: vps-{i:00000}, namespace: {Tenant(group.Key.Tenant)}}}\nspec: {{plan: VPS-NANO, image: debian-12, datacenter: PAR-1}}\n");
            File.WriteAllText(Path.Combine(source, "tenants", Tenant(group.Key.Tenant), $"servers-{group.Key.File:000}.yaml"), text.ToString());
        }
    }

    // Compute nodes like the seed's (64 threads, 256 GiB, 1,280 GiB of NVMe).
    private static string Fleet(int nodes) => string.Concat(Enumerable.Range(0, nodes).Select(n => $$"""
        ---
        apiVersion: vmcloud.io/v1alpha1
        kind: HypervisorNode
        metadata: {name: par1-c{{n:0000}}}
        spec: {datacenter: PAR-1, role: Compute}
        status:
          capacity: {vcpus: 64, memoryGiB: 256, storageGiB: 1280}

        """));

    private static string Tenant(int t) => $"bench-{t:000}";

    private static Process Run(string dll, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { }; // drained, so a chatty child never blocks on a full pipe
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  [{Path.GetFileNameWithoutExtension(dll)}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name + ".dll");

    private static long PeakMiB(Process process) =>
        File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static string Option(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
