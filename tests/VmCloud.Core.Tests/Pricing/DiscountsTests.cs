using VmCloud.Core.Catalog;
using VmCloud.Core.Pricing;
using VmCloud.Core.Tests.Validation;

namespace VmCloud.Core.Tests.Pricing;

/// <summary>The discount ratio of a tenant under the real policies/discounts.yaml.</summary>
public sealed class DiscountsTests
{
    private static readonly ProductLine[] OneLine = [ProductLine.Vps];
    private static readonly ProductLine[] TwoLines = [ProductLine.Vps, ProductLine.Storage];
    private static readonly ProductLine[] ThreeLines = [ProductLine.Vps, ProductLine.Storage, ProductLine.Cdn];

    public static TheoryData<string, bool, bool, bool?, bool?, ProductLine[], string> Cases => new()
    {
        // case, annual, partner, parent annual, parent partner (null: no parent), products, ratio
        { "none", false, false, null, null, OneLine, "0" },
        { "annual", true, false, null, null, OneLine, "0.17" },
        { "partner", false, true, null, null, OneLine, "0.15" },
        { "partner inherited from the parent", false, false, false, true, OneLine, "0.15" },
        { "annual inherited from the parent", false, false, true, false, OneLine, "0.17" },
        { "parent without commitments", false, false, false, false, OneLine, "0" },
        { "two product lines", false, false, null, null, TwoLines, "0" },
        { "three product lines", false, false, null, null, ThreeLines, "0.05" },
        { "annual and three lines", true, false, null, null, ThreeLines, "0.22" },
        { "partner and three lines", false, true, null, null, ThreeLines, "0.20" },
        { "annual and partner (0.32) capped", true, true, null, null, OneLine, "0.30" },
        { "annual, partner and three lines (0.37) capped", true, true, null, null, ThreeLines, "0.30" },
        { "annual own, partner from the parent, capped", true, false, false, true, ThreeLines, "0.30" },
        { "no product at all", false, false, null, null, [], "0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ratio_AddsTheDiscountsTheTenantQualifiesFor_CappedAt30Percent(
        string @case, bool annual, bool partner, bool? parentAnnual, bool? parentPartner, ProductLine[] products, string ratio)
    {
        var parent = parentAnnual is null ? null : Resources.Tenant("agency", annual: parentAnnual.Value, partner: parentPartner!.Value);
        var tenant = Resources.Tenant("client", parent: parent?.Metadata.Name, annual: annual, partner: partner);

        var actual = Discounts.Ratio(tenant, parent, products.ToHashSet(), TestPolicies.Real.Discounts);

        Assert.True(decimal.Parse(ratio, System.Globalization.CultureInfo.InvariantCulture) == actual, $"{@case}: got {actual}");
    }

    [Fact]
    public void Ratio_AgreesWithThePolicysOwnTotal()
    {
        var policy = TestPolicies.Real.Discounts;
        var tenant = Resources.Tenant("acme", annual: true, partner: true);

        Assert.Equal(policy.TotalRatio(true, true, 3), Discounts.Ratio(tenant, null, ThreeLines.ToHashSet(), policy));
    }

    [Theory]
    [InlineData(null, "client")]
    [InlineData("agency", "agency")]
    public void AccountOf_IsTheParent_OrTheTenantItself(string? parent, string account) =>
        Assert.Equal(account, Discounts.AccountOf(Resources.Tenant("client", parent)));
}
