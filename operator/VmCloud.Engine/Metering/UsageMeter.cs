using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Billing;
using VmCloud.Core.Catalog;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Metering;

/// <summary>
/// The meter: turns agent-confirmed existence into usage records in the ledger, one per (uid, hour),
/// and charges each hour once it closes (its end plus <see cref="Grace"/> for late reports), under the
/// monthly caps. A report is answered only after its new records are durable, so a crash anywhere
/// loses no confirmed hour, and the ledger's key makes a repeated, reordered or replayed report count
/// none twice. Charges of closed hours are computed from the ledger alone, so a restart recomputes
/// exactly what the previous process had.
/// </summary>
public sealed partial class UsageMeter(ILedger ledger, IResourceStore store, ProductCatalog catalog, TimeProvider time,
    ILogger<UsageMeter> logger, TimeSpan? grace = null)
{
    /// <summary>How long an hour stays open for reports observed in it, by default.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(15);

    private readonly Lock gate = new();
    private readonly HashSet<(string, DateTimeOffset)> recorded = [];
    private readonly SortedDictionary<DateTimeOffset, List<UsageRecord>> open = [];
    private MonthlyCaps caps = new();
    private static readonly TimeSpan RetryLoad = TimeSpan.FromSeconds(5);
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? lastClosed;
    private BillingTotals? totals;

    /// <summary>How long an hour stays open for late reports.</summary>
    public TimeSpan Grace { get; } = grace ?? DefaultGrace;

    /// <summary>The ledger the meter writes.</summary>
    public ILedger Ledger => ledger;

    /// <summary>Finds the object of a uid the agents report; set by the control plane.</summary>
    public Func<string, CustomResource?> ObjectOf { get; set; } = _ => null;

    /// <summary>Called with the tenants whose month-to-date charges changed.</summary>
    public Action<IReadOnlyCollection<string>> TenantsChanged { get; set; } = _ => { };

    /// <summary>What the meter has counted, for /metrics.</summary>
    public BillingTotals Totals => LazyInitializer.EnsureInitialized(ref totals, () => new BillingTotals(PreviewOpen));

    /// <summary>
    /// Reads what the ledger holds since the start of the oldest month that may still have an open hour:
    /// closed hours are charged again (from the ledger, the same result as before a restart), open ones
    /// wait for their close. <see cref="RunAsync"/> calls it; reports are refused until it is done.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = BillingTime.MonthOf(now - TimeSpan.FromHours(1) - Grace);
        var count = 0;
        HashSet<string> tenants = [];
        lock (gate) Reset(); // a read that failed half-way must not count twice
        // The ledger answers by hour: closed hours are charged as they stream by, only open ones are kept.
        await foreach (var record in ledger.ReadAsync(from, BillingTime.HourOf(now).AddHours(2), null, cancellationToken))
        {
            count++;
            tenants.Add(record.Tenant);
            lock (gate)
            {
                if (BillingTime.IsClosed(record.Hour, now, Grace)) Charge(record);
                else if (recorded.Add(record.Key)) OpenHour(record.Hour).Add(record);
            }
        }
        loaded.TrySetResult();
        CloseDueHours();
        // What was read changes every tenant's month to date, whether or not an hour closed just now.
        Totals.OpenChanged();
        TenantsChanged(tenants);
        LogLoaded(ledger.Description, count);
    }

    /// <summary>
    /// Records the hour of everything <paramref name="report"/> confirms on a node: desired servers and
    /// volumes that exist. Returns when the new records are durable.
    /// </summary>
    /// <exception cref="LedgerException">The ledger could not be written; the caller refuses the report, the agent sends another.</exception>
    public async Task ObserveAsync(NodeReport report, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        // Before the ledger is read, a record could be charged ahead of the hours before it.
        if (!loaded.Task.IsCompleted) throw new LedgerException($"the {ledger.Description} is still being read; report again shortly");
        CloseDueHours();
        // The agent's clock may be ahead: never bill an hour that has not started here.
        var observed = report.ObservedAt is { } at && at < receivedAt ? at : receivedAt;
        var hour = BillingTime.HourOf(observed);
        var confirmed = report.Servers.Where(s => s.Exists).Select(s => (s.Uid, (long?)null))
            .Concat(report.Volumes.Where(v => v.Exists).Select(v => (v.Uid, (long?)v.AllocatedGiB))).ToList();
        if (confirmed.Count == 0) return;
        if (BillingTime.IsClosed(hour, receivedAt, Grace))
        {
            Totals.Late();
            LogLate(hour, confirmed.Count);
            return;
        }
        var fresh = await NewRecordsAsync(confirmed, hour, cancellationToken);
        if (fresh.Count == 0) return;
        try
        {
            Totals.Written(await ledger.RecordAsync(fresh, cancellationToken));
        }
        catch (LedgerException e)
        {
            Totals.LedgerFailed();
            LogLedgerFailed(e.Message);
            throw;
        }
        lock (gate)
        {
            foreach (var record in fresh)
                if (recorded.Add(record.Key)) OpenHour(hour).Add(record);
        }
        Totals.OpenChanged();
        TenantsChanged([.. fresh.Select(r => r.Tenant).Distinct()]);
    }

    /// <summary>Charges every hour that has closed by now, oldest first. Safe to call at any time.</summary>
    public void CloseDueHours()
    {
        var now = time.GetUtcNow();
        HashSet<string> tenants = [];
        lock (gate)
        {
            while (open.Count > 0 && open.First() is var (hour, records) && BillingTime.IsClosed(hour, now, Grace))
            {
                foreach (var record in records.OrderBy(r => r.Uid, StringComparer.Ordinal))
                {
                    Charge(record);
                    recorded.Remove(record.Key);
                    tenants.Add(record.Tenant);
                }
                open.Remove(hour);
            }
        }
        if (tenants.Count == 0) return;
        Totals.OpenChanged();
        TenantsChanged(tenants);
    }

    /// <summary>The next time an hour closes, for the closing loop.</summary>
    public DateTimeOffset NextClose()
    {
        lock (gate)
            return open.Count > 0 ? open.First().Key.AddHours(1) + Grace : BillingTime.HourOf(time.GetUtcNow()).AddHours(1) + Grace;
    }

    /// <summary>Reads the ledger (again and again while it fails), then closes hours as they come due until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!loaded.Task.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await LoadAsync(cancellationToken);
            }
            catch (LedgerException e)
            {
                LogLoadFailed(e.Message);
                await Task.Delay(RetryLoad, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            CloseDueHours();
            var wait = NextClose() - time.GetUtcNow();
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1), time, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<List<UsageRecord>> NewRecordsAsync(List<(string Uid, long? VolumeGiB)> confirmed, DateTimeOffset hour, CancellationToken cancellationToken)
    {
        List<(string Uid, long? VolumeGiB)> unseen;
        lock (gate) unseen = [.. confirmed.Where(c => !recorded.Contains((c.Uid, hour)))];
        var fresh = new List<UsageRecord>();
        var tenants = new Dictionary<string, Tenant?>(StringComparer.Ordinal);
        foreach (var (uid, volumeGiB) in unseen)
        {
            if (ObjectOf(uid) is not { } resource) continue;
            var ns = resource.Metadata.Namespace ?? "";
            if (!tenants.TryGetValue(ns, out var tenant))
                tenants[ns] = tenant = await store.GetAsync(new ResourceKey(nameof(Tenant), null, ns), cancellationToken) as Tenant;
            if (UsageRecords.For(resource, tenant, volumeGiB, hour, catalog) is { } record) fresh.Add(record);
        }
        return fresh;
    }

    private (List<HourCharge>, DateTimeOffset) PreviewOpen()
    {
        var month = BillingTime.MonthOf(time.GetUtcNow());
        lock (gate) return (caps.Preview(open.Values.SelectMany(r => r)), month);
    }

    private void Reset()
    {
        caps = new MonthlyCaps();
        recorded.Clear();
        open.Clear();
        lastClosed = null;
        Totals.Reset();
    }

    private void Charge(UsageRecord record)
    {
        // Months before this hour's are all charged: their running sums are no longer needed.
        if (lastClosed is null || BillingTime.MonthOf(record.Hour) != BillingTime.MonthOf(lastClosed.Value))
            caps.ForgetBefore(BillingTime.MonthOf(record.Hour));
        Totals.Charged(caps.Charge(record));
        lastClosed = record.Hour;
    }

    private List<UsageRecord> OpenHour(DateTimeOffset hour)
    {
        if (!open.TryGetValue(hour, out var records)) open[hour] = records = [];
        return records;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "meter: {Ledger}, {Count} usage record(s) of the open months read")]
    private partial void LogLoaded(string ledger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "meter: cannot read the ledger, trying again in 5 s (reports are refused until then): {Reason}")]
    private partial void LogLoadFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "meter: a report observed in hour {Hour:u} came after it closed; what only it confirms ({Count} resource(s)) is not billed")]
    private partial void LogLate(DateTimeOffset hour, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "meter: the ledger write failed, the report is refused and the agent will report again: {Reason}")]
    private partial void LogLedgerFailed(string reason);
}
