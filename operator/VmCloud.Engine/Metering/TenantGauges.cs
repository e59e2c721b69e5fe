using System.Collections.Concurrent;
using VmCloud.Core.Metrics;

namespace VmCloud.Engine.Metering;

/// <summary>
/// The per-tenant billing gauges the tenant reconciler keeps current: monthly recurring revenue and
/// budget, with the budget's use from the meter's month-to-date. Thread-safe.
/// </summary>
public sealed class TenantGauges(BillingTotals? billing)
{
    private readonly ConcurrentDictionary<string, (decimal Mrr, int? Budget)> tenants = new(StringComparer.Ordinal);

    /// <summary>Notes a tenant's monthly cost and budget (null without one).</summary>
    public void Set(string tenant, decimal mrr, int? budget) => tenants[tenant] = (mrr, budget);

    /// <summary>Forgets a deleted tenant.</summary>
    public void Remove(string tenant) => tenants.TryRemove(tenant, out _);

    /// <summary>The tenant families of /metrics.</summary>
    public IEnumerable<MetricFamily> Collect()
    {
        var all = tenants.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var budgeted = all.Where(t => t.Value.Budget is not null).ToList();
        return
        [
            MetricFamily.Gauge("vmcloud_tenant_mrr_euros", "Monthly recurring revenue: the monthly cost of the tenant's admitted resources, after discounts.",
                [.. all.Select(t => Tenant(t.Key, (double)t.Value.Mrr))]),
            MetricFamily.Gauge("vmcloud_tenant_budget_euros", "The tenant's monthly budget.",
                [.. budgeted.Select(t => Tenant(t.Key, t.Value.Budget!.Value))]),
            MetricFamily.Gauge("vmcloud_tenant_budget_used_ratio", "Charges this month over the monthly budget.",
                [.. budgeted.Select(t => Tenant(t.Key, (double)((billing?.MonthToDate(t.Key) ?? 0) / t.Value.Budget!.Value)))]),
        ];
    }

    private static Sample Tenant(string tenant, double value) => new([new Label("tenant", tenant)], value);
}
