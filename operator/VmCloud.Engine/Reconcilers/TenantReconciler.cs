using System.Globalization;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Pricing;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Reconcilers;

/// <summary>Keeps a tenant's status current: the monthly cost of what it has admitted, after its discount.</summary>
public sealed class TenantReconciler(IResourceStore store, PolicySet policies, TimeProvider time) : IReconciler
{
    private static readonly string[] BilledKinds =
        [nameof(VirtualServer), nameof(GpuInstance), nameof(LoadBalancer), nameof(CdnDistribution), nameof(Volume)];

    /// <inheritdoc />
    public string Kind => nameof(Tenant);

    /// <inheritdoc />
    public async Task<ReconcileOutcome> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(key, cancellationToken) is not Tenant tenant) return ReconcileOutcome.Done();
        var tenants = (await store.ListAsync(nameof(Tenant), null, cancellationToken)).Items.OfType<Tenant>().ToList();
        var account = Discounts.AccountOf(tenant);
        var members = tenants.Where(t => Discounts.AccountOf(t) == account).ToList();
        var objects = new List<CustomResource>(members);
        foreach (var ns in members.Select(t => t.Metadata.Name))
            foreach (var kind in BilledKinds)
                objects.AddRange((await store.ListAsync(kind, ns, cancellationToken)).Items
                    .Where(o => Conditions.IsTrue(o.StatusBase?.Conditions, ConditionTypes.Admitted)));

        var cost = CostEstimator.Estimate(objects, policies).Tenants.Single(t => t.Tenant == tenant.Metadata.Name);
        var generation = tenant.Metadata.Generation ?? 0;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{cost.Resources.Count} resource(s) admitted: {cost.MonthlyEuros:0.00} EUR a month after a {cost.DiscountRatio:P0} discount");
        var ready = Conditions.Set(tenant.Status?.Conditions, ConditionTypes.Ready, ConditionStatus.True, "Active", message, generation, time.GetUtcNow());
        var status = (tenant.Status ?? new TenantStatus()) with
        {
            ObservedGeneration = generation,
            Phase = "Active",
            Conditions = ready.Conditions,
            MonthlyEuros = (double)cost.MonthlyEuros,
            DiscountRatio = (double)cost.DiscountRatio,
        };
        if (StatusComparison.HasChanged(tenant.Status, status))
            await store.UpdateStatusAsync(tenant with { Status = status }, cancellationToken);
        return ReconcileOutcome.Done();
    }
}
