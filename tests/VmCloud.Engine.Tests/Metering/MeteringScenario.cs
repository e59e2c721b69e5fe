using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Billing;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>
/// 48 simulated hours of metering across a month boundary (2026-11-30 00:00 to 2026-12-02 00:00 UTC),
/// reports every 10 minutes from two nodes, with what goes wrong in a real fleet: resources created
/// and deleted mid-hour, an agent restart, two operator crashes (one across an hour boundary),
/// duplicated, reordered, delayed and too-late reports, a volume grown mid-hour, and a GPU instance
/// that reaches its monthly cap (its November started on the 7th, in the ledger of an earlier run).
/// </summary>
internal sealed class MeteringScenario(Func<Task<ILedger>> openLedger) : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(10);

    private readonly MemoryStore store = new();
    private readonly Dictionary<string, (CustomResource Resource, string Node, DateTimeOffset From, DateTimeOffset To)> fleet = [];
    private ILedger? ledger;
    private UsageMeter? meter;

    public ManualTimeProvider Clock { get; } = new(Start);

    /// <summary>The meter after the run, every hour closed.</summary>
    public UsageMeter Meter => meter!;

    /// <summary>Runs the 48 hours, then lets every hour close.</summary>
    public async Task RunAsync()
    {
        await TenantAsync("acme", annual: true);
        await TenantAsync("agency", annual: true, partner: true);
        await TenantAsync("client1", parent: "agency", annual: true, partner: true);
        Declare(TestObjects.Vps("acme", "web-1"), "node-a", Start, Start.AddHours(48));
        Declare(TestObjects.Vps("acme", "web-2", "VPS-STARTER"), "node-a", At(10, 20), At(13, 40));
        Declare(TestObjects.Vps("acme", "web-3"), "node-b", At(16, 58), Start.AddHours(48));
        Declare(TestObjects.Vps("acme", "web-4"), "node-b", At(26, 55), At(26, 59));
        Declare(TestObjects.Gpu("acme", "gpu-1", "GPU-STARTER"), "node-b", Start.AddDays(-23), Start.AddHours(48));
        Declare(TestObjects.Vps("agency", "site", "VPS-NANO"), "node-a", Start, At(11, 30));
        Declare(TestObjects.Vps("client1", "app", "VPS-PERFORMANCE"), "node-a", Start, Start.AddHours(48));
        Declare(TestObjects.Volume("client1", "data", 100) with { Spec = new VolumeSpec { Class = "STORAGE-SSD", SizeGiB = 100, Datacenter = "PAR-1" } },
            "node-a", Start, Start.AddHours(48));

        ledger = await openLedger();
        await SeedEarlierRunAsync();
        await StartOperatorAsync();
        var session = "a-1";
        for (var t = Start; t < Start.AddHours(48); t += Tick)
        {
            Clock.Advance(t - Clock.GetUtcNow());
            if (t == At(15, 10)) session = "a-2"; // node-a's agent restarted: a new session, sequences start again
            if (t == At(20, 30) || t == At(22, 0)) await CrashOperatorAsync(); // down for the 20:30 tick; across the 22:00 boundary
            if (t == At(20, 40) || t == At(22, 10)) await StartOperatorAsync();
            if (meter is null) continue;
            await ReportAsync("node-a", session, t, t);
            await ReportAsync("node-b", "b-1", t, t);
            if (t == At(12, 0)) await ReportAsync("node-a", session, t, t); // the same report twice
            if (t == At(12, 20)) await ReportAsync("node-a", session, At(12, 10), t); // an older one after a newer one
            if (t == At(17, 0)) await ReportAsync("node-b", "b-1", At(16, 59, 30), At(17, 4)); // delayed, within the grace
            if (t == At(27, 20)) await ReportAsync("node-b", "b-1", At(26, 58), t); // after its hour closed: not billed
        }
        Clock.Advance(Start.AddHours(49) + Grace - Clock.GetUtcNow());
        meter!.CloseDueHours();
    }

    /// <summary>An invoice from the run's ledger, as the operator makes it.</summary>
    public async Task<Invoice> InvoiceAsync(string tenant, DateTimeOffset month, bool clients = false)
    {
        var records = new List<UsageRecord>();
        await foreach (var record in ledger!.ReadAsync(month, month.AddMonths(1), null, default)) records.Add(record);
        return Invoices.Build(tenant, month, records, clients, "EUR", Clock.GetUtcNow(), Grace);
    }

    public async ValueTask DisposeAsync()
    {
        if (ledger is not null) await ledger.DisposeAsync();
        ledger = null;
        store.Dispose();
    }

    public static DateTimeOffset At(int hour, int minute, int second = 0) => Start.AddHours(hour).AddMinutes(minute).AddSeconds(second);

    private async Task TenantAsync(string name, bool annual = false, bool partner = false, string? parent = null)
    {
        var tenant = TestObjects.Tenant(name, parent) with { Spec = TestObjects.Tenant(name, parent).Spec with { Commitments = new Commitments { Annual = annual, Partner = partner } } };
        var created = (Tenant)await store.CreateAsync(tenant);
        // The ratio the tenant reconciler would compute: annual 17% + partner 15% is capped at 30%.
        var ratio = TestObjects.Policies.Discounts.TotalRatio(annual, partner, productLines: 2);
        await store.UpdateStatusAsync(created with { Status = new TenantStatus { DiscountRatio = (double)ratio } });
    }

    private void Declare(CustomResource resource, string node, DateTimeOffset from, DateTimeOffset to)
    {
        var uid = $"uid-{resource.Metadata.Namespace}-{resource.Metadata.Name}";
        fleet[uid] = (resource with { Metadata = resource.Metadata with { Uid = uid } }, node, from, to);
    }

    // What the agent of a node sees at a time: each resource that exists, the volume at its size then.
    private NodeReport Observe(string node, string session, DateTimeOffset observedAt)
    {
        var here = fleet.Values.Where(f => f.Node == node && f.From <= observedAt && observedAt < f.To).ToList();
        var servers = here.Where(f => f.Resource is not Volume).Select(f => new ServerState(f.Resource.Metadata.Uid!, 1, true, true, [], null)).ToList();
        var volumes = here.Where(f => f.Resource is Volume).Select(f => new VolumeState(f.Resource.Metadata.Uid!, true,
            observedAt >= At(30, 30) ? 200 : 100, null)).ToList(); // grown at 2026-12-01 06:30
        return new NodeReport(AgentProtocol.Version, "test", session, observedAt.Ticks, 1, new NodeInventory(64, 262144, 4096, [], "none", null),
            servers, volumes, [], [], observedAt);
    }

    private Task ReportAsync(string node, string session, DateTimeOffset observedAt, DateTimeOffset receivedAt) =>
        meter!.ObserveAsync(Observe(node, session, observedAt), receivedAt, default);

    // gpu-1 ran from 2026-11-07 00:00: 550 hours written by an earlier operator, up to 2026-11-29 21:00.
    private async Task SeedEarlierRunAsync()
    {
        var gpu = fleet["uid-acme-gpu-1"].Resource;
        var tenant = (Tenant?)await store.GetAsync(new ResourceKey(nameof(Tenant), null, "acme"));
        var records = Enumerable.Range(0, 550)
            .Select(h => UsageRecords.For(gpu, tenant, null, Start.AddDays(-23).AddHours(h), TestObjects.Policies.Catalog)!)
            .ToList();
        await ledger!.RecordAsync(records, default);
    }

    private async Task StartOperatorAsync()
    {
        ledger ??= await openLedger();
        meter = new UsageMeter(ledger, store, TestObjects.Policies.Catalog, Clock, NullLogger<UsageMeter>.Instance, Grace)
        {
            ObjectOf = uid => fleet.TryGetValue(uid, out var f) ? f.Resource : null,
        };
        await meter.LoadAsync(default);
    }

    // kill -9: the process's memory is gone; only what the ledger made durable remains.
    private async Task CrashOperatorAsync()
    {
        meter = null;
        await ledger!.DisposeAsync();
        ledger = null;
    }
}
