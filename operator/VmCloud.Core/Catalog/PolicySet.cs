namespace VmCloud.Core.Catalog;

/// <summary>Everything in policies/, loaded and validated by <see cref="PolicyLoader"/>.</summary>
/// <param name="Catalog">Plans, prices, GPU models and images.</param>
/// <param name="Capacity">Overcommit and target utilisation.</param>
/// <param name="Datacenters">The datacenters, in file order.</param>
/// <param name="DefaultQuotas">Tenant quotas used where a Tenant sets none.</param>
/// <param name="Discounts">The commercial discount rules.</param>
public sealed record PolicySet(
    ProductCatalog Catalog,
    CapacityPolicy Capacity,
    IReadOnlyList<Datacenter> Datacenters,
    DefaultQuotas DefaultQuotas,
    DiscountPolicy Discounts)
{
    /// <summary>The datacenter with this code, e.g. PAR-1, or null.</summary>
    public Datacenter? FindDatacenter(string code) =>
        Datacenters.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.Ordinal));
}
