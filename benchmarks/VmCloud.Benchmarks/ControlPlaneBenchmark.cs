using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Engine;
using VmCloud.Engine.Nodes;
using VmCloud.Engine.Store;

namespace VmCloud.Benchmarks;

/// <summary>
/// Reconcile throughput with admission and the scheduler in the loop: N compute nodes register,
/// then VirtualServers spread over many tenants are created, and the clock runs until every one
/// is bound to a node (admitted, placed, binding written to its status).
/// </summary>
internal static class ControlPlaneBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var servers = Option(args, "--objects", 10_000);
        var nodes = Option(args, "--nodes", 1_000);
        var tenants = Option(args, "--tenants", 100);
        var policies = PolicyLoader.Load(Option(args, "--policies", "policies")).Policies
            ?? throw new InvalidOperationException("policies/ does not load; run from the repository root or pass --policies");
        Console.WriteLine($"control-plane benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $".NET {Environment.Version}, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"{servers:N0} VPS-NANO over {tenants} tenants onto {nodes:N0} compute nodes, in-memory store; timed until every server is bound");

        using var store = new MemoryStore(TimeProvider.System);
        using var plane = new ControlPlane(store, policies, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();
        var running = plane.RunAsync(stop.Token);
        for (var n = 0; n < nodes; n++)
            await plane.Nodes.RegisterAsync(new NodeHeartbeat($"par1-c{n:0000}", "PAR-1", NodeRole.Compute,
                new NodeCapacity { Vcpus = 64, MemoryGiB = 256, StorageGiB = 4000 }, [], "bench"), CancellationToken.None);
        var quota = new TenantQuotas { VirtualServers = servers, Vcpus = servers, MemoryGiB = servers * 2 };
        for (var t = 0; t < tenants; t++)
            await store.CreateAsync(new Tenant { Metadata = new ObjectMeta { Name = $"t{t:000}" }, Spec = new TenantSpec { DisplayName = $"t{t}", BillingContact = "b@t.example", Quotas = quota } });

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < servers; i++)
            await store.CreateAsync(new VirtualServer
            {
                Metadata = new ObjectMeta { Name = $"vps-{i:00000}", Namespace = $"t{i % tenants:000}" },
                Spec = new VirtualServerSpec { Plan = "VPS-NANO", Image = "debian-12", Datacenter = "PAR-1" },
            });
        var created = clock.Elapsed;
        while ((await store.ListAsync(nameof(VirtualServer))).Items.OfType<VirtualServer>().Count(v => v.Status?.NodeName is not null) < servers)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException("not every server was bound within 10 minutes");
            await Task.Delay(50);
        }
        var bound = clock.Elapsed;
        await stop.CancelAsync();
        await running;
        Console.WriteLine($"created in {created.TotalSeconds:0.00} s; all bound after {bound.TotalSeconds:0.00} s: {servers / bound.TotalSeconds:N0} objects/s admitted and placed");
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB");
    }

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private static string Option(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
