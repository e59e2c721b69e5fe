using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;

namespace VmCloud.Core.Pricing;

/// <summary>
/// The monthly cost of a desired state: every resource at its plan's monthly price (a resource
/// that runs the whole month reaches its cap), discounted per tenant, rounded to cents per tenant.
/// </summary>
public static class CostEstimator
{
    /// <summary>The cost of <paramref name="objects"/>; tenants come from the Tenant objects among them.</summary>
    public static CostReport Estimate(IEnumerable<CustomResource> objects, PolicySet policies)
    {
        var all = objects.ToList();
        var tenants = all.OfType<Tenant>().ToDictionary(t => t.Metadata.Name);
        var items = all.Select(o => PriceList.Price(o, policies.Catalog)).OfType<BillableItem>().ToList();

        var productsByAccount = items
            .GroupBy(i => tenants.TryGetValue(i.Resource.Metadata.Namespace ?? "", out var t) ? Discounts.AccountOf(t) : i.Resource.Metadata.Namespace ?? "")
            .ToDictionary(g => g.Key, g => (IReadOnlySet<ProductLine>)g.Select(i => i.Product).ToHashSet());

        var byNamespace = items.ToLookup(i => i.Resource.Metadata.Namespace ?? "");
        var names = tenants.Keys.Union(byNamespace.Select(g => g.Key)).Order(StringComparer.Ordinal);
        var costs = names.Select(name =>
        {
            var own = byNamespace[name]
                .Select(i => new ResourceCost(i.Resource.Kind, name, i.Resource.Metadata.Name, i.Offer.Name, i.MonthlyEuros))
                .OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
                .ToList();
            var ratio = tenants.TryGetValue(name, out var tenant)
                ? Discounts.Ratio(tenant, tenant.Spec.Parent is { } p ? tenants.GetValueOrDefault(p) : null,
                    productsByAccount.GetValueOrDefault(Discounts.AccountOf(tenant)) ?? new HashSet<ProductLine>(), policies.Discounts)
                : 0m;
            var total = Math.Round(own.Sum(r => r.MonthlyEuros) * (1 - ratio), 2, MidpointRounding.AwayFromZero);
            return new TenantCost(name, total, ratio, own);
        }).ToList();
        return new CostReport(policies.Catalog.Currency, costs, costs.Sum(c => c.MonthlyEuros));
    }
}
