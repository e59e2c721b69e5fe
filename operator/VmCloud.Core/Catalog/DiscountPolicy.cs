namespace VmCloud.Core.Catalog;

/// <summary>
/// Tenant discounts of policies/discounts.yaml (seed 002 §7.2): the ones a tenant qualifies
/// for add up, and the sum never exceeds <see cref="MaxTotal"/>.
/// </summary>
/// <param name="AnnualCommitment">Ratio off for a 12-month commitment (0.17).</param>
/// <param name="Partner">Ratio off for a partner or agency contract (0.15).</param>
/// <param name="MultiProductRatio">Ratio off when the tenant uses enough product lines (0.05).</param>
/// <param name="MultiProductMinProducts">Product lines needed for the multi-product discount (3).</param>
/// <param name="MaxTotal">Cap on the summed ratio (0.30).</param>
public sealed record DiscountPolicy(
    decimal AnnualCommitment,
    decimal Partner,
    decimal MultiProductRatio,
    int MultiProductMinProducts,
    decimal MaxTotal)
{
    /// <summary>The total discount ratio for a tenant, capped at <see cref="MaxTotal"/>.</summary>
    /// <param name="annualCommitment">The tenant has a 12-month commitment.</param>
    /// <param name="partner">The tenant (or its agency) has a partner contract.</param>
    /// <param name="productLines">How many distinct product lines the tenant uses.</param>
    public decimal TotalRatio(bool annualCommitment, bool partner, int productLines)
    {
        var sum = (annualCommitment ? AnnualCommitment : 0m)
            + (partner ? Partner : 0m)
            + (productLines >= MultiProductMinProducts ? MultiProductRatio : 0m);
        return Math.Min(sum, MaxTotal);
    }
}
