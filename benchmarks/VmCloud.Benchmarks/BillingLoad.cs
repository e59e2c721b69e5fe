using System.Diagnostics;
using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Billing;
using VmCloud.Core.Catalog;
using VmCloud.Engine;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Store;

namespace VmCloud.Benchmarks;

/// <summary>
/// Fills the meter of a control plane as a live operator's is mid-month: the hour before last closed
/// and charged (written to the ledger by "an earlier run", read back at load), the current hour
/// observed for every billable resource from one report per node, and every tenant with a budget.
/// </summary>
internal static class BillingLoad
{
    public static async Task FillAsync(ControlPlane plane, IResourceStore store, ILedger ledger, ProductCatalog catalog)
    {
        var meter = plane.Meter ?? throw new InvalidOperationException("the control plane has no ledger");
        var billable = new List<CustomResource>();
        foreach (var kind in new[] { nameof(VirtualServer), nameof(Volume) })
            billable.AddRange((await store.ListAsync(kind, null)).Items.Where(o => NodeOf(o) is not null));
        var byUid = billable.ToDictionary(o => o.Metadata.Uid!);
        meter.ObjectOf = uid => byUid.GetValueOrDefault(uid);

        var now = DateTimeOffset.UtcNow;
        var earlier = BillingTime.HourOf(now).AddHours(-2);
        var records = billable.Select(o => UsageRecords.For(o, null, null, earlier, catalog)).OfType<UsageRecord>().ToList();
        var clock = Stopwatch.StartNew();
        await ledger.RecordAsync(records, CancellationToken.None);
        await meter.LoadAsync(CancellationToken.None);
        Console.WriteLine($"billing: {records.Count:N0} records of a closed hour written and charged at load in {clock.Elapsed.TotalMilliseconds:N0} ms");

        clock.Restart();
        var inventory = new NodeInventory(64, 256 * 1024, 16_384, [], "none", null);
        foreach (var node in billable.GroupBy(o => NodeOf(o)!))
        {
            var servers = node.Where(o => o is not Volume).Select(o => new ServerState(o.Metadata.Uid!, 1, true, true, [], null)).ToList();
            var volumes = node.OfType<Volume>().Select(v => new VolumeState(v.Metadata.Uid!, true, v.Spec.SizeGiB, null)).ToList();
            await meter.ObserveAsync(new NodeReport(AgentProtocol.Version, "bench", "s", 2, 1, inventory, servers, volumes, [], [], now), now, CancellationToken.None);
        }
        Console.WriteLine($"billing: the current hour of {billable.Count:N0} resources observed from one report per node in {clock.Elapsed.TotalMilliseconds:N0} ms");
        foreach (var tenant in billable.Select(o => o.Metadata.Namespace!).Distinct())
            plane.TenantGauges.Set(tenant, 1_000m, 5_000);
    }

    private static string? NodeOf(CustomResource resource) => resource switch
    {
        VirtualServer v => v.Status?.NodeName,
        Volume v => v.Status?.NodeName,
        _ => null,
    };
}
