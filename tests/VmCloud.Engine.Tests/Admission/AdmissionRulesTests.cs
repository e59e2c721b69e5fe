using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Admission;
using VmCloud.Engine.Store;
using static VmCloud.Engine.Tests.TestObjects;

namespace VmCloud.Engine.Tests.Admission;

public class AdmissionRulesTests
{
    [Fact]
    public void Review_Allows_WithinTheDefaultQuota()
    {
        var decision = AdmissionRules.Review(Vps("acme", "web-1"), [Tenant("acme")], Policies);

        Assert.True(decision.Allowed, decision.Message);
    }

    [Fact]
    public void Review_Denies_TheServerPastTheDefaultCount()
    {
        List<CustomResource> admitted = [Tenant("acme"), .. Many(20, i => Vps("acme", $"web-{i}"))];

        var decision = AdmissionRules.Review(Vps("acme", "web-21"), admitted, Policies);

        Assert.False(decision.Allowed);
        Assert.Equal(AdmissionReasons.QuotaExceeded, decision.Reason);
        Assert.Contains("21 VirtualServers (quota 20)", decision.Message);
    }

    [Fact]
    public void Review_Denies_GpusOfAModelBeyondTheQuota()
    {
        var decision = AdmissionRules.Review(Gpu("lab", "train", "GPU-SUPERCOMPUTE"), [Tenant("lab")], Policies);

        Assert.Equal(AdmissionReasons.QuotaExceeded, decision.Reason);
        Assert.Contains("8 A100-80GB GPUs (quota 1)", decision.Message);
        Assert.Contains("256 vCPUs (quota 64)", decision.Message);
    }

    [Fact]
    public void Review_Allows_WhatTheTenantsOwnQuotaRaises()
    {
        var quotas = new TenantQuotas { GpuInstances = 1, Vcpus = 256, MemoryGiB = 1024, Gpus = new Dictionary<string, int> { ["A100-80GB"] = 8 } };

        var decision = AdmissionRules.Review(Gpu("lab", "train", "GPU-SUPERCOMPUTE"), [Tenant("lab", quotas: quotas)], Policies);

        Assert.True(decision.Allowed, decision.Message);
    }

    [Fact]
    public void Review_CountsEveryClient_AgainstTheAgencyQuota()
    {
        var agencyQuota = new TenantQuotas { VirtualServers = 3 };
        List<CustomResource> admitted =
        [
            Tenant("agency", quotas: agencyQuota), Tenant("client-a", parent: "agency"), Tenant("client-b", parent: "agency"),
            Vps("agency", "tools"), Vps("client-a", "shop"), Vps("client-b", "blog"),
        ];

        var decision = AdmissionRules.Review(Vps("client-b", "blog-2"), admitted, Policies);

        Assert.Equal(AdmissionReasons.QuotaExceeded, decision.Reason);
        Assert.Contains("agency agency and its clients would use 4 VirtualServers (quota 3)", decision.Message);
    }

    [Fact]
    public void Review_Denies_ANewResource_OverAHardCappedBudget()
    {
        var budget = new Budget { MonthlyEuros = 100, HardCap = true };
        List<CustomResource> admitted = [Tenant("acme", budget: budget), Vps("acme", "web-1", "VPS-PERFORMANCE")];

        var decision = AdmissionRules.Review(Vps("acme", "web-2", "VPS-NANO"), admitted, Policies);

        Assert.Equal(AdmissionReasons.BudgetExceeded, decision.Reason);
        Assert.Contains("would cost 128.00 EUR a month, over its hard-capped budget of 100 EUR", decision.Message);
    }

    [Fact]
    public void Review_Allows_OverABudget_ThatIsNotAHardCap()
    {
        var budget = new Budget { MonthlyEuros = 100, HardCap = false };

        var decision = AdmissionRules.Review(Vps("acme", "web-1", "VPS-BUSINESS"), [Tenant("acme", budget: budget)], Policies);

        Assert.True(decision.Allowed, decision.Message);
    }

    [Theory]
    [InlineData("ghost", "volume ghost is not declared in acme")]
    [InlineData("far", "volume far is in AMS-1 but the server is in PAR-1")]
    public void Review_Denies_ReferencesThatDoNotResolve(string volume, string expected)
    {
        List<CustomResource> admitted = [Tenant("acme"), Volume("acme", "far", 10, datacenter: "AMS-1")];

        var decision = AdmissionRules.Review(Vps("acme", "web-1", volumes: volume), admitted, Policies);

        Assert.Equal(AdmissionReasons.Invalid, decision.Reason);
        Assert.Contains(expected, decision.Message);
    }

    [Fact]
    public void Review_Denies_AnObjectWhoseTenantDoesNotExist()
    {
        var decision = AdmissionRules.Review(Vps("nobody", "web-1"), [], Policies);

        Assert.False(decision.Allowed);
        Assert.Contains("tenant nobody is not declared", decision.Message);
    }

    [Fact]
    public void ReviewAll_RefusesTheSameObjects_WhateverTheInputOrder()
    {
        List<CustomResource> objects = [Tenant("acme"), .. Many(22, i => Vps("acme", $"web-{i:00}"))];

        var forward = AdmissionRules.ReviewAll(objects, Policies);
        var backward = AdmissionRules.ReviewAll(objects.AsEnumerable().Reverse().ToList(), Policies);

        string[] refused = ["web-21", "web-22"];
        Assert.Equal(refused, forward.Where(d => !d.Value.Allowed).Select(d => d.Key.Name).Order());
        Assert.Equal(forward.OrderBy(d => d.Key.ToString()), backward.OrderBy(d => d.Key.ToString()));
        Assert.True(forward[new ResourceKey(nameof(Tenant), null, "acme")].Allowed);
    }
}
