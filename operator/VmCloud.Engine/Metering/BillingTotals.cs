using VmCloud.Core.Billing;
using VmCloud.Core.Metrics;

namespace VmCloud.Engine.Metering;

/// <summary>
/// What the meter has charged, kept for /metrics and budgets: the charges of closed hours per tenant,
/// kind and plan (the counter) and per tenant and month, and the provisional charges of the open hours.
/// Thread-safe. The open hours' charges are recomputed from <paramref name="openCharges"/> when read
/// after a change, not at every report: at a fleet's hour boundary reports come by the thousand.
/// </summary>
/// <param name="openCharges">The provisional charges of the open hours and the month of now.</param>
public sealed class BillingTotals(Func<(List<HourCharge> Charges, DateTimeOffset Month)> openCharges)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Tenant, string Kind, string Plan), decimal> charged = [];
    private readonly Dictionary<(string Tenant, DateTimeOffset Month), decimal> closedByMonth = [];
    private Dictionary<string, decimal> openThisMonth = [];
    private Dictionary<(string Tenant, string Kind, string Plan), decimal> hourlyRate = [];
    private DateTimeOffset month;
    private long written;
    private long late;
    private long ledgerErrors;
    private DateTimeOffset? lastClosedHour;
    private int openChanged = 1;

    /// <summary>
    /// What <paramref name="tenant"/> has been charged in the calendar month of the last close, the
    /// open hours included (provisionally: they may still grow until they close).
    /// </summary>
    public decimal MonthToDate(string tenant)
    {
        RefreshOpen();
        lock (gate) return MonthToDateLocked(tenant);
    }

    /// <summary>The billing families of /metrics.</summary>
    public IEnumerable<MetricFamily> Collect()
    {
        RefreshOpen();
        lock (gate)
        {
            var tenants = closedByMonth.Keys.Where(k => k.Month == month).Select(k => k.Tenant)
                .Concat(openThisMonth.Keys).Distinct(StringComparer.Ordinal).ToList();
            return
            [
                MetricFamily.Counter("vmcloud_billing_charged_euros_total",
                    "Euros charged for closed hours, after monthly caps and discounts (from the month-to-date ledger at start).",
                    [.. charged.Select(c => Series(c.Key, c.Value))]),
                MetricFamily.Gauge("vmcloud_billing_hourly_rate_euros",
                    "What the current hour costs after caps and discounts, for what agents confirmed in it.",
                    [.. hourlyRate.Select(r => Series(r.Key, r.Value))]),
                MetricFamily.Counter("vmcloud_billing_usage_records_total", "Usage records (resource, hour) newly written to the ledger.",
                    [new Sample([], written)]),
                MetricFamily.Counter("vmcloud_billing_late_reports_total", "Reports observed in an hour already closed: what only they confirmed is not billed.",
                    [new Sample([], late)]),
                MetricFamily.Counter("vmcloud_billing_ledger_errors_total", "Ledger writes that failed (the report was refused and is sent again).",
                    [new Sample([], ledgerErrors)]),
                MetricFamily.Gauge("vmcloud_billing_last_closed_hour_timestamp_seconds", "Start of the last hour closed and charged, Unix time.",
                    lastClosedHour is { } hour ? [new Sample([], hour.ToUnixTimeSeconds())] : []),
                MetricFamily.Gauge("vmcloud_tenant_month_to_date_euros", "Charged this calendar month, the open hours included.",
                    [.. tenants.Select(t => new Sample([new Label("tenant", t)], (double)MonthToDateLocked(t)))]),
            ];
        }
    }

    internal void Charged(HourCharge charge)
    {
        var record = charge.Record;
        lock (gate)
        {
            var series = (record.Tenant, record.Kind, record.Plan);
            charged[series] = charged.GetValueOrDefault(series) + charge.NetEuros;
            var key = (record.Tenant, BillingTime.MonthOf(record.Hour));
            closedByMonth[key] = closedByMonth.GetValueOrDefault(key) + charge.NetEuros;
            if (lastClosedHour is null || record.Hour > lastClosedHour) lastClosedHour = record.Hour;
        }
    }

    /// <summary>The open hours changed: their charges are recomputed at the next read.</summary>
    internal void OpenChanged() => Volatile.Write(ref openChanged, 1);

    // Outside the lock: the source takes the meter's lock, which is held while charges are added here.
    private void RefreshOpen()
    {
        if (Interlocked.Exchange(ref openChanged, 0) == 0) return;
        var (charges, current) = openCharges();
        lock (gate)
        {
            month = current;
            openThisMonth = charges.Where(c => BillingTime.MonthOf(c.Record.Hour) == current)
                .GroupBy(c => c.Record.Tenant).ToDictionary(g => g.Key, g => g.Sum(c => c.NetEuros));
            var latest = charges.Count == 0 ? default : charges.Max(c => c.Record.Hour);
            hourlyRate = charges.Where(c => c.Record.Hour == latest).GroupBy(c => (c.Record.Tenant, c.Record.Kind, c.Record.Plan))
                .ToDictionary(g => g.Key, g => g.Sum(c => c.NetEuros));
            // Last month stays while its last hours may still close; older months are done.
            foreach (var key in closedByMonth.Keys.Where(k => k.Month < current.AddMonths(-1)).ToList())
                closedByMonth.Remove(key);
        }
    }

    /// <summary>Forgets every charge, before the ledger is read again.</summary>
    internal void Reset()
    {
        lock (gate)
        {
            charged.Clear();
            closedByMonth.Clear();
            lastClosedHour = null;
        }
    }

    internal void Written(int count) => Interlocked.Add(ref written, count);

    internal void Late() => Interlocked.Increment(ref late);

    internal void LedgerFailed() => Interlocked.Increment(ref ledgerErrors);

    private decimal MonthToDateLocked(string tenant) =>
        closedByMonth.GetValueOrDefault((tenant, month)) + openThisMonth.GetValueOrDefault(tenant);

    private static Sample Series((string Tenant, string Kind, string Plan) key, decimal euros) =>
        new([new Label("tenant", key.Tenant), new Label("kind", key.Kind), new Label("plan", key.Plan)], (double)euros);
}
