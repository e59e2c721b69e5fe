using VmCloud.Core.Catalog;
using VmCloud.Core.Tests.Manifests;

namespace VmCloud.Core.Tests.Validation;

/// <summary>What policies/ allows: provisionable plans of the right line, images, datacenters, GPUs, protocols, WAF.</summary>
public sealed class CatalogRulesTests
{
    private const string Web = "tenants/acme/web.yaml";

    private static ManifestTree Acme(string path, string text) => new ManifestTree().Tenant("acme").Add(path, text);

    [Fact]
    public void Validate_RejectsAPlanThatCannotBeProvisioned_AtThePlan()
    {
        var policies = TestPolicies.WithOffer("VPS-NANO", o => o with { Provisionable = false });
        var tree = Acme(Web, ManifestText.VirtualServer("web"));

        ErrorAssert.Single(tree.Validate(policies), tree.ValueOf(Web, "plan"), "VPS-NANO is in the catalogue but cannot be provisioned by VmCloud yet");
    }

    [Fact]
    public void Validate_RejectsAPlanOfAnotherProductLine_AtThePlan()
    {
        var policies = TestPolicies.WithOffer("VPS-NANO", o => o with { Product = ProductLine.Paas });
        var tree = Acme(Web, ManifestText.VirtualServer("web"));

        ErrorAssert.Single(tree.Validate(policies), tree.ValueOf(Web, "plan"), "VPS-NANO is not a Vps offer of the catalogue (policies/catalog.yaml)");
    }

    [Fact]
    public void Validate_RejectsAPlanMissingFromTheCatalogue_AtThePlan()
    {
        var policies = TestPolicies.Real with
        {
            Catalog = TestPolicies.Real.Catalog with { Offers = [.. TestPolicies.Real.Catalog.Offers.Where(o => o.Name != "STORAGE-SSD")] },
        };
        var path = "tenants/acme/data.yaml";
        var tree = Acme(path, ManifestText.Volume("data"));

        ErrorAssert.Single(tree.Validate(policies), tree.ValueOf(path, "class"), "STORAGE-SSD is not a Storage offer of the catalogue");
    }

    [Fact]
    public void Validate_RejectsAnImageMissingFromTheCatalogue_AtTheImage()
    {
        var tree = Acme(Web, ManifestText.VirtualServer("web", image: "archlinux"));

        ErrorAssert.Single(tree.Validate(TestPolicies.WithoutImage("archlinux")), tree.ValueOf(Web, "image"),
            "image archlinux is not in the catalogue (policies/catalog.yaml)");
    }

    [Fact]
    public void Validate_RejectsAGpuImageMissingFromTheCatalogue_AtTheImage()
    {
        var path = "tenants/acme/gpu.yaml";
        var tree = Acme(path, ManifestText.GpuInstance("gpu", image: "gpu-rocky-9-cuda-11.8"));

        ErrorAssert.Single(tree.Validate(TestPolicies.WithoutImage("gpu-rocky-9-cuda-11.8")), tree.ValueOf(path, "image"),
            "image gpu-rocky-9-cuda-11.8 is not in the catalogue");
    }

    [Fact]
    public void Validate_RejectsAnUnknownDatacenter_ListingTheKnownOnes()
    {
        var tree = Acme(Web, ManifestText.VirtualServer("web", datacenter: "LON-1"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf(Web, "datacenter"), "unknown datacenter LON-1; VmCloud runs in PAR-1, AMS-1, FRA-1");
    }

    public static TheoryData<string, string> KindsInFra1 => new()
    {
        { "tenants/acme/web.yaml", ManifestText.VirtualServer("web", datacenter: "FRA-1") },
        { "tenants/acme/data.yaml", ManifestText.Volume("data", datacenter: "FRA-1") },
        { "tenants/acme/lb.yaml", ManifestText.LoadBalancer("lb", datacenter: "FRA-1", selectRole: "web") },
        { "tenants/acme/gpu.yaml", ManifestText.GpuInstance("gpu", plan: "GPU-TITAN", datacenter: "FRA-1") },
    };

    // Maintenance stops new placements (the scheduler's concern), not the validity of what is
    // already declared there: a repository must stay valid while its datacenter is serviced.
    [Theory]
    [MemberData(nameof(KindsInFra1))]
    public void Validate_AcceptsResourcesInFra1_WhileInMaintenance(string path, string text)
    {
        var tree = Acme(path, text);

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_AcceptsAHypervisorNodeInFra1_WhileInMaintenance()
    {
        var tree = new ManifestTree().Add("fleet/node.yaml", ManifestText.HypervisorNode("fra-node-1", datacenter: "FRA-1"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_RejectsAHypervisorNodeInAnUnknownDatacenter()
    {
        var tree = new ManifestTree().Add("fleet/node.yaml", ManifestText.HypervisorNode("node-1", datacenter: "LON-1"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf("fleet/node.yaml", "datacenter"), "unknown datacenter LON-1");
    }

    [Theory]
    [InlineData("GPU-STARTER", "PAR-1", "GPU-STARTER needs T4 GPUs, which PAR-1 does not have; use a datacenter with T4: AMS-1")]
    [InlineData("GPU-ENTERPRISE", "AMS-1", "GPU-ENTERPRISE needs A100-40GB GPUs, which AMS-1 does not have; use a datacenter with A100-40GB: PAR-1")]
    [InlineData("GPU-SUPERCOMPUTE", "AMS-1", "GPU-SUPERCOMPUTE needs A100-80GB GPUs, which AMS-1 does not have; use a datacenter with A100-80GB: PAR-1")]
    [InlineData("GPU-PRO", "AMS-1", "GPU-PRO needs RTX-4090 GPUs, which AMS-1 does not have; use a datacenter with RTX-4090: PAR-1")]
    public void Validate_RejectsAGpuPlan_InADatacenterWithoutItsModel(string plan, string datacenter, string message)
    {
        var path = "tenants/acme/gpu.yaml";
        var tree = Acme(path, ManifestText.GpuInstance("gpu", plan: plan, datacenter: datacenter));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf(path, "datacenter"), message);
    }

    [Theory]
    [InlineData("GPU-STARTER", "AMS-1")]
    [InlineData("GPU-PRO", "PAR-1")]
    [InlineData("GPU-CLUSTER", "PAR-1")]
    [InlineData("GPU-TITAN", "PAR-1")]
    public void Validate_AcceptsAGpuPlan_WhereItsModelIs(string plan, string datacenter)
    {
        var tree = Acme("tenants/acme/gpu.yaml", ManifestText.GpuInstance("gpu", plan: plan, datacenter: datacenter));

        ErrorAssert.None(tree.Validate());
    }

    [Theory]
    [InlineData("LB-STARTER", "TCP", "LB-STARTER does not offer TCP (it offers HTTP, HTTPS); choose a larger plan or another protocol")]
    [InlineData("LB-BUSINESS", "WebSocket", "LB-BUSINESS does not offer WebSocket (it offers HTTP, HTTPS, TCP, UDP)")]
    [InlineData("LB-ENTERPRISE", "GRPC", "LB-ENTERPRISE does not offer GRPC")]
    public void Validate_RejectsAListenerProtocolNotInThePlan_AtTheProtocol(string plan, string protocol, string message)
    {
        var path = "tenants/acme/lb.yaml";
        var tree = Acme(path, ManifestText.LoadBalancer("lb", plan: plan, protocol: protocol, selectRole: "web"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf(path, "protocol"), message);
    }

    [Theory]
    [InlineData("LB-GLOBAL", "HTTP3")]
    [InlineData("LB-GLOBAL", "GRPC")]
    [InlineData("LB-BUSINESS", "UDP")]
    public void Validate_AcceptsAListenerProtocolInThePlan(string plan, string protocol)
    {
        var tree = Acme("tenants/acme/lb.yaml", ManifestText.LoadBalancer("lb", plan: plan, protocol: protocol, selectRole: "web"));

        ErrorAssert.None(tree.Validate());
    }

    [Theory]
    [InlineData("CDN-STARTER", "Basic", "CDN-STARTER includes WAF up to Off, not Basic; choose a larger plan or a lower wafMode")]
    [InlineData("CDN-PRO", "Advanced", "CDN-PRO includes WAF up to Basic, not Advanced")]
    [InlineData("CDN-BUSINESS", "Custom", "CDN-BUSINESS includes WAF up to Advanced, not Custom")]
    public void Validate_RejectsAWafModeAboveThePlan_AtTheWafMode(string plan, string waf, string message)
    {
        var path = "tenants/acme/cdn.yaml";
        var tree = Acme(path, ManifestText.CdnDistribution("cdn", ["www.acme.example.com"], plan: plan, wafMode: waf));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf(path, "wafMode"), message);
    }

    [Theory]
    [InlineData("CDN-PRO", "Basic")]
    [InlineData("CDN-GLOBAL", "Custom")]
    [InlineData("CDN-STARTER", "Off")]
    public void Validate_AcceptsAWafModeThePlanIncludes(string plan, string waf)
    {
        var tree = Acme("tenants/acme/cdn.yaml", ManifestText.CdnDistribution("cdn", ["www.acme.example.com"], plan: plan, wafMode: waf));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_RejectsATenantGpuQuota_ForAnUnknownModel()
    {
        var tree = new ManifestTree().Tenant("acme", gpuQuotaModel: "H100");

        ErrorAssert.Single(tree.Validate(), tree.ValueOf("tenants/acme/tenant.yaml", "H100"),
            "unknown GPU model H100; the catalogue has T4, RTX-4090, A100-40GB, A100-80GB");
    }

    [Fact]
    public void Validate_AcceptsATenantGpuQuota_ForACatalogueModel()
    {
        ErrorAssert.None(new ManifestTree().Tenant("acme", gpuQuotaModel: "A100-80GB").Validate());
    }
}
