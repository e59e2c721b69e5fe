using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Metrics;
using VmCloud.Engine;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Nodes;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Sources;
using VmCloud.Engine.Store;
using VmCloud.Operator;
using VmCloud.Operator.Metrics;

namespace VmCloud.Benchmarks;

/// <summary>
/// The operator's /metrics text over a large control plane: N resources bound to M nodes (in-memory
/// store, statuses written as the reconcilers would leave them), every node heartbeating and with an
/// agent report in the hub, the registry built as the operator builds it (<see cref="OperatorMetrics"/>)
/// plus the engine's instruments with a live operator's series, and a meter mid-month (<see cref="BillingLoad"/>). Times repeated renders (collect and
/// write), and gives the size and the series count. The first render is shown apart: it builds the
/// scheduler's fleet view from the store, which a live operator has already built for its decisions.
/// </summary>
internal static class MetricsBenchmark
{
    private static readonly string[] Outcomes = ["done", "waiting", "stalled", "error", "cancelled"];

    public static async Task RunAsync(string[] args)
    {
        var resources = Option(args, "--resources", 100_000);
        var nodeCount = Option(args, "--nodes", 1_000);
        var renders = Option(args, "--renders", 50);
        var policies = PolicyLoader.Load(Option(args, "--policies", "policies")).Policies
            ?? throw new InvalidOperationException("policies/ does not load; run from the repository root or pass --policies");
        Console.WriteLine($"metrics benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, "
            + $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, load average {LoadAverage()}");

        // As the operator: the registry before the control plane, so that it sees the series each
        // controller starts at 0 when it is registered.
        using var registry = OperatorMetrics.CreateRegistry();
        using var store = new MemoryStore(TimeProvider.System);
        // The heartbeat timeout is long so that every node stays Ready while the benchmark runs.
        var ledgerDirectory = Directory.CreateTempSubdirectory("vmcloud-bench-ledger-").FullName;
        await using var ledger = FileLedger.Open(ledgerDirectory);
        using var plane = new ControlPlane(store, policies, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.FromHours(1), ledger);
        var clock = Stopwatch.StartNew();
        var nodes = await RegisterNodesAsync(plane, nodeCount);
        var placed = await PlaceAsync(store, nodes, resources);
        Console.WriteLine($"{nodeCount:N0} nodes registered and {resources:N0} resources written with their binding and phase in {clock.Elapsed.TotalSeconds:0.0} s: "
            + string.Join(", ", placed.Select(p => $"{p.Value:N0} {p.Key}")));

        using var runtime = LiveRuntimeSeries();
        using var requests = AgentRequests();
        using var sources = new SourceMetrics();
        using var collectors = OperatorMetrics.Attach(registry, plane, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        clock.Restart();
        var census = collectors.RunAsync(stop.Token);
        await collectors.Synced.WaitAsync(TimeSpan.FromMinutes(2));
        Console.WriteLine($"resource census listed the store in {clock.Elapsed.TotalMilliseconds:N0} ms (then follows its watch)");
        Report(plane, nodes);
        await BillingLoad.FillAsync(plane, store, ledger, policies.Catalog);

        clock.Restart();
        var first = registry.Render();
        Console.WriteLine($"first render (builds the scheduler's fleet view from the store: {resources:N0} objects): {clock.Elapsed.TotalMilliseconds:N0} ms");
        Measure(registry, renders);
        Console.WriteLine($"size {Encoding.UTF8.GetByteCount(first):N0} bytes, {Series(first):N0} series (sample lines), {first.Split('\n').Count(l => l.StartsWith("# TYPE", StringComparison.Ordinal))} families");
        Console.WriteLine("largest families: " + string.Join(", ", first.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .GroupBy(l => l[..l.IndexOfAny(['{', ' '])]).OrderByDescending(g => g.Count()).Take(5).Select(g => $"{g.Key} {g.Count():N0}")));
        await stop.CancelAsync();
        await census;
        Directory.Delete(ledgerDirectory, recursive: true);
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB");
    }

    private static void Measure(MetricsRegistry registry, int renders)
    {
        var totals = new List<TimeSpan>();
        var collects = new List<TimeSpan>();
        for (var i = 0; i < renders; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var families = registry.Collect();
            var collected = Stopwatch.GetElapsedTime(started);
            _ = PrometheusTextFormat.Render(families);
            totals.Add(Stopwatch.GetElapsedTime(started));
            collects.Add(collected);
        }
        var p50 = Percentile(totals, 50);
        Console.WriteLine($"render ({renders} times, collect + write): p50 {Ms(p50)} ms, p99 {Ms(Percentile(totals, 99))} ms, max {Ms(totals.Max())} ms "
            + $"(collect alone p50 {Ms(Percentile(collects, 50))} ms); target ≤ 250 ms: {(Percentile(totals, 99).TotalMilliseconds <= 250 ? "met" : "missed")}");
    }

    // Nodes by datacenter and role, as the example fleet mixes them: most compute, some GPU and lb nodes, a few in FRA-1.
    private static async Task<List<(string Name, string Datacenter, NodeRole Role)>> RegisterNodesAsync(ControlPlane plane, int count)
    {
        var nodes = new List<(string, string, NodeRole)>(count);
        for (var n = 0; n < count; n++)
        {
            var (datacenter, role, gpus) = (n % 20) switch
            {
                0 => ("FRA-1", NodeRole.Compute, Array.Empty<GpuDevice>()),
                1 => ("PAR-1", NodeRole.Gpu, Gpus(n, "A100-40GB", 4)),
                2 => ("AMS-1", NodeRole.Gpu, Gpus(n, "T4", 5)),
                3 => (n % 40 == 3 ? "PAR-1" : "AMS-1", NodeRole.Lb, []),
                _ => (n % 3 == 0 ? "AMS-1" : "PAR-1", NodeRole.Compute, []),
            };
            var name = $"{datacenter.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)}-{role.ToString().ToLowerInvariant()}-{n:0000}";
            await plane.Nodes.RegisterAsync(new NodeHeartbeat(name, datacenter, role,
                new NodeCapacity { Vcpus = role == NodeRole.Gpu ? 192 : 64, MemoryGiB = role == NodeRole.Gpu ? 1024 : 256, StorageGiB = 16_384 }, gpus, "bench"), CancellationToken.None);
            nodes.Add((name, datacenter, role));
        }
        return nodes;
    }

    private static GpuDevice[] Gpus(int node, string model, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new GpuDevice { Model = model, PciAddress = $"0000:{i * 16 + 1:x2}:{node % 256:x2}.0" })];

    // 80 % VirtualServers on compute nodes, 10 % standalone Volumes, 5 % LoadBalancers on lb nodes,
    // 5 % CdnDistributions (not placed on a node), over 100 tenants; one server in a thousand still pending.
    private static async Task<SortedDictionary<string, int>> PlaceAsync(MemoryStore store, List<(string Name, string Datacenter, NodeRole Role)> nodes, int count)
    {
        var compute = nodes.Where(n => n.Role == NodeRole.Compute && n.Datacenter != "FRA-1").ToList();
        var lbs = nodes.Where(n => n.Role == NodeRole.Lb).ToList();
        var placed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var meta = new ObjectMeta { Name = $"r-{i:000000}", Namespace = $"t{i % 100:000}" };
            var (node, dc, _) = i % 20 == 18 ? lbs[i % lbs.Count] : compute[i % compute.Count];
            CustomResource created = (i % 20) switch
            {
                < 16 => await store.CreateAsync(new VirtualServer { Metadata = meta, Spec = new VirtualServerSpec { Plan = "VPS-NANO", Image = "debian-12", Datacenter = dc } }),
                16 or 17 => await store.CreateAsync(new Volume { Metadata = meta, Spec = new VolumeSpec { Class = "STORAGE-NVME", SizeGiB = 100, Datacenter = dc } }),
                18 => await store.CreateAsync(new LoadBalancer { Metadata = meta, Spec = new LoadBalancerSpec { Plan = "LB-STARTER", Datacenter = dc } }),
                _ => await store.CreateAsync(new CdnDistribution { Metadata = meta, Spec = new CdnDistributionSpec { Plan = "CDN-STARTER" } }),
            };
            var phase = i % 1000 == 0 ? "Pending" : "Running";
            await store.UpdateStatusAsync(created switch
            {
                VirtualServer v => v with { Status = new ServerStatus { Phase = phase, NodeName = phase == "Running" ? node : null } },
                Volume v => v with { Status = new VolumeStatus { Phase = "Bound", NodeName = node, AllocatedGiB = 100 } },
                LoadBalancer l => l with { Status = new LoadBalancerStatus { Phase = "Ready", NodeName = node } },
                CdnDistribution c => c with { Status = new CdnDistributionStatus { Phase = "Ready" } },
                _ => created,
            });
            placed[created.Kind] = placed.GetValueOrDefault(created.Kind) + 1;
        }
        return placed;
    }

    // Every node's agent has reported once: some leftovers to count.
    private static void Report(ControlPlane plane, List<(string Name, string Datacenter, NodeRole Role)> nodes)
    {
        var inventory = new NodeInventory(64, 256 * 1024, 16_384, [], "none", null);
        foreach (var (name, _, _) in nodes)
            plane.Agents.Report(name, new NodeReport(AgentProtocol.Version, "bench", "s", 1, 0, inventory, [], [],
                name.EndsWith('7') ? [new Orphan(Guid.NewGuid().ToString(), nameof(VirtualServer), "vmcloud-old")] : [], name.EndsWith('9') ? ["legacy"] : []));
    }

    // What a live operator's engine instruments hold: a duration series per kind, controller and outcome.
    private static RuntimeMetrics LiveRuntimeSeries()
    {
        var metrics = new RuntimeMetrics(null, () => []);
        foreach (var kind in Kinds.All.Select(k => k.Kind))
            foreach (var outcome in Outcomes)
                for (var i = 0; i < 100; i++)
                    metrics.Reconciled(kind, kind + "Reconciler", outcome, TimeSpan.FromMilliseconds(i));
        return metrics;
    }

    private static AgentRequestMetrics AgentRequests()
    {
        var metrics = new AgentRequestMetrics();
        foreach (var (endpoint, code) in new[] { ("registration", 200), ("desired", 200), ("desired", 304), ("report", 204), ("report", 401), ("report", 404) })
            for (var i = 0; i < 100; i++)
                metrics.Served(endpoint, code, TimeSpan.FromMilliseconds(i * 3));
        return metrics;
    }

    private static int Series(string exposition) => exposition.Split('\n').Count(l => l.Length > 0 && l[0] != '#');

    // Nearest rank: with 50 renders p99 is the largest.
    private static TimeSpan Percentile(List<TimeSpan> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static string Option(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
