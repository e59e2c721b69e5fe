using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;

namespace VmCloud.Core.Pricing;

/// <summary>
/// The commercial discounts (seed 002, §7.2), decided per billing account: a top-level tenant with
/// its client tenants, because the agency signs the contract its clients are served under.
/// Annual (-17%) and partner (-15%) apply when the tenant or its parent signed them; multi-product
/// (-5%) when the account uses at least three product lines. They add up, capped at 30%.
/// </summary>
public static class Discounts
{
    /// <summary>The discount ratio of <paramref name="tenant"/>, between 0 and the policy's cap.</summary>
    /// <param name="tenant">The tenant billed.</param>
    /// <param name="parent">Its parent (agency) tenant, if any.</param>
    /// <param name="accountProducts">The product lines used by the whole billing account.</param>
    /// <param name="policy">The discount rules.</param>
    public static decimal Ratio(Tenant tenant, Tenant? parent, IReadOnlySet<ProductLine> accountProducts, DiscountPolicy policy)
    {
        var annual = tenant.Spec.Commitments.Annual || parent?.Spec.Commitments.Annual == true;
        var partner = tenant.Spec.Commitments.Partner || parent?.Spec.Commitments.Partner == true;
        return policy.TotalRatio(annual, partner, accountProducts.Count);
    }

    /// <summary>The top-level tenant of a tenant's billing account.</summary>
    public static string AccountOf(Tenant tenant) => tenant.Spec.Parent ?? tenant.Metadata.Name;
}
