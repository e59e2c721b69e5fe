using VmCloud.Api;
using VmCloud.Core.Pricing;
using VmCloud.Core.Tests.Validation;

namespace VmCloud.Core.Tests.Pricing;

/// <summary>The monthly cost of a desired state: list prices, discounted and rounded per tenant.</summary>
public sealed class CostEstimatorTests
{
    private static CostReport Estimate(params CustomResource[] objects) => CostEstimator.Estimate(objects, TestPolicies.Real);

    private static TenantCost TenantOf(CostReport report, string name) => Assert.Single(report.Tenants, t => t.Tenant == name);

    [Fact]
    public void Estimate_ListsEachTenantsResources_AtListPrice_InKindThenNameOrder()
    {
        var report = Estimate(
            Resources.Tenant("acme"),
            Resources.Server("acme", "web"),
            Resources.Volume("acme", "data", 200, "STORAGE-NVME"),
            Resources.Server("acme", "db", "VPS-BUSINESS"));

        var acme = TenantOf(report, "acme");
        Assert.Equal(
            [("VirtualServer", "db", "VPS-BUSINESS", 199m), ("VirtualServer", "web", "VPS-NANO", 29m), ("Volume", "data", "STORAGE-NVME", 30m)],
            acme.Resources.Select(r => (r.Kind, r.Name, r.Plan, r.MonthlyEuros)));
        Assert.All(acme.Resources, r => Assert.Equal("acme", r.Namespace));
        Assert.Equal(258m, acme.MonthlyEuros);
        Assert.Equal(0m, acme.DiscountRatio);
        Assert.Equal("EUR", report.Currency);
    }

    [Fact]
    public void Estimate_RoundsToCentsPerTenant_NotPerResource()
    {
        // Two 1 GiB SSD volumes at 0.10 with -17%: 0.166 for the tenant, 0.17; per resource it would be 0.08 + 0.08.
        var report = Estimate(
            Resources.Tenant("acme", annual: true),
            Resources.Volume("acme", "a", 1),
            Resources.Volume("acme", "b", 1));

        var acme = TenantOf(report, "acme");
        Assert.Equal(0.17m, acme.MonthlyEuros);
        Assert.Equal(0.17m, acme.DiscountRatio);
        Assert.Equal([0.10m, 0.10m], acme.Resources.Select(r => r.MonthlyEuros));
    }

    [Fact]
    public void Estimate_RoundsHalfCentsAwayFromZero()
    {
        // 5 GiB SSD = 0.50, -15% = 0.425: 0.43 away from zero (banker's rounding would say 0.42).
        var report = Estimate(Resources.Tenant("acme", partner: true), Resources.Volume("acme", "data", 5));

        Assert.Equal(0.43m, TenantOf(report, "acme").MonthlyEuros);
    }

    [Fact]
    public void Estimate_ListsTenantsWithoutResources_AtZero()
    {
        var report = Estimate(Resources.Tenant("idle", annual: true), Resources.Tenant("acme"), Resources.Server("acme", "web"));

        var idle = TenantOf(report, "idle");
        Assert.Equal(0m, idle.MonthlyEuros);
        Assert.Empty(idle.Resources);
        Assert.Equal(["acme", "idle"], report.Tenants.Select(t => t.Tenant));
    }

    [Fact]
    public void Estimate_ListsANamespaceWithoutTenant_Undiscounted()
    {
        var report = Estimate(Resources.Server("orphan", "web"));

        var orphan = TenantOf(report, "orphan");
        Assert.Equal((29m, 0m), (orphan.MonthlyEuros, orphan.DiscountRatio));
    }

    [Fact]
    public void Estimate_TotalIsTheSumOfTheRoundedTenants()
    {
        var report = Estimate(
            Resources.Tenant("acme", annual: true),
            Resources.Server("acme", "web"),
            Resources.Tenant("globex"),
            Resources.Server("globex", "web"),
            Resources.LoadBalancer("globex", "lb"),
            Resources.Cdn("globex", "cdn"),
            Resources.Tenant("initech", partner: true),
            Resources.Volume("initech", "data", 5));

        Assert.Equal(24.07m, TenantOf(report, "acme").MonthlyEuros);
        Assert.Equal(73.15m, TenantOf(report, "globex").MonthlyEuros);
        Assert.Equal(0.43m, TenantOf(report, "initech").MonthlyEuros);
        Assert.Equal(97.65m, report.TotalMonthlyEuros);
        Assert.Equal(report.Tenants.Sum(t => t.MonthlyEuros), report.TotalMonthlyEuros);
    }

    [Fact]
    public void Estimate_CountsProductLinesOverTheWholeAccount_AgencyAndClients()
    {
        var report = Estimate(
            Resources.Tenant("agency"),
            Resources.LoadBalancer("agency", "lb"),
            Resources.Tenant("client", parent: "agency"),
            Resources.Server("client", "web"),
            Resources.Cdn("client", "cdn"),
            Resources.Tenant("alone"),
            Resources.Server("alone", "web"),
            Resources.Cdn("alone", "cdn"));

        Assert.Equal(0.05m, TenantOf(report, "agency").DiscountRatio);
        Assert.Equal(0.05m, TenantOf(report, "client").DiscountRatio);
        Assert.Equal(0m, TenantOf(report, "alone").DiscountRatio);
        Assert.Equal(27.55m, TenantOf(report, "agency").MonthlyEuros);
    }

    [Fact]
    public void Estimate_AppliesTheAgencysPartnerContract_ToItsClients()
    {
        var report = Estimate(
            Resources.Tenant("agency", partner: true),
            Resources.Tenant("client", parent: "agency", annual: true),
            Resources.Server("client", "web", "VPS-PERFORMANCE"));

        var client = TenantOf(report, "client");
        Assert.Equal(0.30m, client.DiscountRatio);
        Assert.Equal(69.30m, client.MonthlyEuros);
    }

    [Fact]
    public void Estimate_IgnoresKindsThatAreNotBilled()
    {
        var report = Estimate(Resources.Node("node-1"), Resources.Tenant("acme"));

        Assert.Equal(0m, report.TotalMonthlyEuros);
        Assert.Equal(["acme"], report.Tenants.Select(t => t.Tenant));
    }

    [Fact]
    public void Estimate_IsEmpty_ForNoObjects()
    {
        var report = Estimate();

        Assert.Empty(report.Tenants);
        Assert.Equal(0m, report.TotalMonthlyEuros);
    }
}
