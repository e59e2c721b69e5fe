namespace VmCloud.Core.Catalog;

/// <summary>Validates discounts.yaml and turns it into a <see cref="DiscountPolicy"/>.</summary>
internal static class DiscountMapper
{
    /// <summary>The policy, or null when it has errors (all of them reported).</summary>
    public static DiscountPolicy? Map(DiscountsDocument document, PolicyFileErrors errors)
    {
        var errorsBefore = errors.Count;
        var check = new FieldChecks(errors, document, "discounts");
        if (document.MultiProduct is null)
            check.Fail("'multiProduct' is required, with ratio and minProducts.");
        var multiProduct = document.MultiProduct ?? new MultiProductDocument();
        var multiCheck = new FieldChecks(errors, multiProduct, "multiProduct");

        var policy = new DiscountPolicy(
            check.Ratio(document.AnnualCommitment, "annualCommitment", allowZero: true),
            check.Ratio(document.Partner, "partner", allowZero: true),
            multiCheck.Ratio(multiProduct.Ratio, "ratio", allowZero: true),
            multiCheck.Count(multiProduct.MinProducts, "minProducts"),
            check.Ratio(document.MaxTotal, "maxTotal", allowZero: true));

        var productLines = Enum.GetValues<ProductLine>().Length;
        if (policy.MultiProductMinProducts > productLines)
            multiCheck.Fail($"'minProducts' is {policy.MultiProductMinProducts}, but there are only {productLines} product lines.");
        return errors.Count > errorsBefore ? null : policy;
    }
}
