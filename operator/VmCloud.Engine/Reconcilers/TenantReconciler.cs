using System.Globalization;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Billing;
using VmCloud.Core.Catalog;
using VmCloud.Core.Pricing;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Reconcilers;

/// <summary>
/// Keeps a tenant's status current: the monthly cost of what it has admitted after its discount, what
/// the ledger charged it this month, and its budget: the <c>BudgetThresholdReached</c> condition, with
/// an event each time a higher threshold is reached.
/// </summary>
public sealed class TenantReconciler(IResourceStore store, PolicySet policies, TimeProvider time,
    EventRecorder? events = null, BillingTotals? billing = null, TenantGauges? gauges = null) : IReconciler
{
    private static readonly string[] BilledKinds =
        [nameof(VirtualServer), nameof(GpuInstance), nameof(LoadBalancer), nameof(CdnDistribution), nameof(Volume)];

    /// <inheritdoc />
    public string Kind => nameof(Tenant);

    /// <inheritdoc />
    public async Task<ReconcileOutcome> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(key, cancellationToken) is not Tenant tenant)
        {
            gauges?.Remove(key.Name);
            return ReconcileOutcome.Done();
        }
        var cost = await CostAsync(tenant, cancellationToken);
        var generation = tenant.Metadata.Generation ?? 0;
        var now = time.GetUtcNow();
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{cost.Resources.Count} resource(s) admitted: {cost.MonthlyEuros:0.00} EUR a month after a {cost.DiscountRatio:P0} discount");
        var conditions = Conditions.Set(tenant.Status?.Conditions, ConditionTypes.Ready, ConditionStatus.True, "Active", message, generation, now).Conditions;
        var spent = billing?.MonthToDate(tenant.Metadata.Name) ?? 0m;
        var budget = tenant.Spec.Budget is { } b ? BudgetState.Of(b, spent) : null;
        conditions = budget is null
            ? Conditions.Remove(conditions, ConditionTypes.BudgetThresholdReached)
            : Conditions.Set(conditions, ConditionTypes.BudgetThresholdReached, budget.Threshold is null ? ConditionStatus.False : ConditionStatus.True,
                budget.Reason, budget.Message, generation, now).Conditions;
        var status = (tenant.Status ?? new TenantStatus()) with
        {
            ObservedGeneration = generation,
            Phase = "Active",
            Conditions = conditions,
            MonthlyEuros = (double)cost.MonthlyEuros,
            DiscountRatio = (double)cost.DiscountRatio,
            MonthToDateEuros = (double)Math.Round(spent, 2, MidpointRounding.AwayFromZero),
            BudgetUsedRatio = budget is null ? null : (double)Math.Round(budget.UsedRatio, 4),
        };
        gauges?.Set(tenant.Metadata.Name, cost.MonthlyEuros, tenant.Spec.Budget?.MonthlyEuros);
        if (!StatusComparison.HasChanged(tenant.Status, status)) return ReconcileOutcome.Done();
        await store.UpdateStatusAsync(tenant with { Status = status }, cancellationToken);
        if (budget?.Threshold is { } reached && reached > PreviousThreshold(tenant) && events is not null)
            await events.WarningAsync(tenant, ConditionTypes.BudgetThresholdReached, budget.Message, cancellationToken);
        return ReconcileOutcome.Done();
    }

    private async Task<TenantCost> CostAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var tenants = (await store.ListAsync(nameof(Tenant), null, cancellationToken)).Items.OfType<Tenant>().ToList();
        var account = Discounts.AccountOf(tenant);
        var members = tenants.Where(t => Discounts.AccountOf(t) == account).ToList();
        var objects = new List<CustomResource>(members);
        foreach (var ns in members.Select(t => t.Metadata.Name))
            foreach (var kind in BilledKinds)
                objects.AddRange((await store.ListAsync(kind, ns, cancellationToken)).Items
                    .Where(o => Conditions.IsTrue(o.StatusBase?.Conditions, ConditionTypes.Admitted)));
        return CostEstimator.Estimate(objects, policies).Tenants.Single(t => t.Tenant == tenant.Metadata.Name);
    }

    // The threshold the status showed before, from its reason; an event fires only when a higher one is reached.
    private static int PreviousThreshold(Tenant tenant) =>
        Conditions.Find(tenant.Status?.Conditions, ConditionTypes.BudgetThresholdReached) is { Status: ConditionStatus.True } c
            && c.Reason.StartsWith("Threshold", StringComparison.Ordinal)
            && int.TryParse(c.Reason.AsSpan("Threshold".Length), CultureInfo.InvariantCulture, out var t) ? t : 0;
}
