using VmCloud.Core.Tests.Manifests;

namespace VmCloud.Core.Tests.Validation;

/// <summary>References inside a tenant: volumes to servers, CDN origins to load balancers, and host names owned once.</summary>
public sealed class ReferenceRulesTests
{
    private const string Web = "tenants/acme/web.yaml";
    private const string Data = "tenants/acme/data.yaml";

    private static ManifestTree Acme() => new ManifestTree().Tenant("acme");

    [Fact]
    public void Validate_AcceptsAVolumeOnAGpuInstance()
    {
        var tree = Acme()
            .Add("tenants/acme/gpu.yaml", ManifestText.GpuInstance("gpu", volumes: ["data"]))
            .Add(Data, ManifestText.Volume("data", storageClass: "STORAGE-NVME", attachTo: "gpu"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_RejectsAMissingVolume_AtTheServersListItem()
    {
        var tree = Acme().Add(Web, ManifestText.VirtualServer("web", volumes: ["data"]));

        ErrorAssert.Single(tree.Validate(), tree.At(Web, "- data", 2), "volume data is not declared in acme; add a Volume named data");
    }

    [Fact]
    public void Validate_RejectsAVolumeOfAnotherTenant_AsMissing()
    {
        var tree = Acme()
            .Tenant("globex")
            .Add("tenants/globex/data.yaml", ManifestText.Volume("data"))
            .Add(Web, ManifestText.VirtualServer("web", volumes: ["data"]));

        ErrorAssert.Single(tree.Validate(), tree.At(Web, "- data", 2), "volume data is not declared in acme");
    }

    [Fact]
    public void Validate_RejectsAVolumeAttachedToTwoServers_AtTheSecond()
    {
        var tree = Acme()
            .Add(Data, ManifestText.Volume("data"))
            .Add("tenants/acme/a.yaml", ManifestText.VirtualServer("web-1", volumes: ["data"]))
            .Add("tenants/acme/b.yaml", ManifestText.VirtualServer("web-2", volumes: ["data"]));

        ErrorAssert.Single(tree.Validate(), tree.At("tenants/acme/b.yaml", "- data", 2),
            "volume data is already attached to web-1; a volume attaches to one server");
    }

    [Fact]
    public void Validate_RejectsAVolumeInAnotherDatacenter_AtTheServersListItem()
    {
        var tree = Acme()
            .Add(Data, ManifestText.Volume("data", datacenter: "AMS-1"))
            .Add(Web, ManifestText.VirtualServer("web", volumes: ["logs", "data"]))
            .Add("tenants/acme/logs.yaml", ManifestText.Volume("logs"));

        ErrorAssert.Single(tree.Validate(), tree.At(Web, "- data", 2),
            "volume data is in AMS-1 but the server is in PAR-1; a disk attaches only within its datacenter");
    }

    [Fact]
    public void Validate_RejectsAttachToNamingAnotherServer_AtTheServersListItem()
    {
        var tree = Acme()
            .Add(Data, ManifestText.Volume("data", attachTo: "db"))
            .Add("tenants/acme/db.yaml", ManifestText.VirtualServer("db"))
            .Add(Web, ManifestText.VirtualServer("web", volumes: ["data"]));

        ErrorAssert.Single(tree.Validate(), tree.At(Web, "- data", 2), "volume data says attachTo: db; make both sides name the same server");
    }

    [Fact]
    public void Validate_RejectsAttachToNamingNoServer_AtTheAttachTo()
    {
        var tree = Acme().Add(Data, ManifestText.Volume("data", attachTo: "ghost"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf(Data, "attachTo"), "no VirtualServer or GpuInstance named ghost in acme");
    }

    [Fact]
    public void Validate_RejectsAttachToAServerThatDoesNotListTheVolume_AtTheAttachTo()
    {
        var tree = Acme()
            .Add(Data, ManifestText.Volume("data", attachTo: "web"))
            .Add(Web, ManifestText.VirtualServer("web"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf(Data, "attachTo"), "web does not list this volume; add data to its spec.volumes");
    }

    [Fact]
    public void Validate_RejectsAttachToAnAmbiguousName_AtTheAttachTo()
    {
        var tree = Acme()
            .Add(Data, ManifestText.Volume("data", attachTo: "web"))
            .Add(Web, ManifestText.VirtualServer("web"))
            .Add("tenants/acme/gpu.yaml", ManifestText.GpuInstance("web"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf(Data, "attachTo"), "both a VirtualServer and a GpuInstance are named web; rename one");
    }

    [Fact]
    public void Validate_AcceptsACdnWhoseOriginLoadBalancerExists()
    {
        var tree = Acme()
            .Add("tenants/acme/lb.yaml", ManifestText.LoadBalancer("web-lb", selectRole: "web"))
            .Add("tenants/acme/cdn.yaml", ManifestText.CdnDistribution("cdn", ["www.acme.example.com"], originLoadBalancer: "web-lb"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_RejectsACdnOriginLoadBalancerThatIsMissing_AtTheOrigin()
    {
        var path = "tenants/acme/cdn.yaml";
        var tree = Acme()
            .Tenant("globex")
            .Add("tenants/globex/lb.yaml", ManifestText.LoadBalancer("web-lb", selectRole: "web"))
            .Add(path, ManifestText.CdnDistribution("cdn", ["www.acme.example.com"], originLoadBalancer: "web-lb"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf(path, "loadBalancer"), "no LoadBalancer named web-lb in acme");
    }

    [Fact]
    public void Validate_RejectsAHostnameServedByTwoDistributions_AtTheSecond_NamingTheFirst()
    {
        var tree = Acme()
            .Add("tenants/acme/a.yaml", ManifestText.CdnDistribution("cdn-a", ["www.acme.example.com"]))
            .Add("tenants/acme/b.yaml", ManifestText.CdnDistribution("cdn-b", ["static.acme.example.com", "www.acme.example.com"]));

        ErrorAssert.Single(tree.Validate(), tree.At("tenants/acme/b.yaml", "- www", 2),
            "www.acme.example.com is already served by CdnDistribution acme/cdn-a (tenants/acme/a.yaml:1:1); a host name belongs to one distribution");
    }

    [Fact]
    public void Validate_RejectsAHostnameServedByTwoDistributions_AcrossTenants()
    {
        var tree = Acme()
            .Tenant("globex")
            .Add("tenants/acme/cdn.yaml", ManifestText.CdnDistribution("cdn", ["shop.example.com"]))
            .Add("tenants/globex/cdn.yaml", ManifestText.CdnDistribution("cdn", ["shop.example.com"]));

        ErrorAssert.Single(tree.Validate(), tree.At("tenants/globex/cdn.yaml", "- shop", 2),
            "shop.example.com is already served by CdnDistribution acme/cdn (tenants/acme/cdn.yaml:1:1)");
    }

    [Fact]
    public void Validate_RejectsAHostnameListedTwice_InOneDistribution()
    {
        var path = "tenants/acme/cdn.yaml";
        var tree = Acme().Add(path, ManifestText.CdnDistribution("cdn", ["www.acme.example.com", "api.acme.example.com", "www.acme.example.com"]));

        var error = Assert.Single(tree.Validate());
        Assert.Equal((path, 12, 7), (error.At.File, error.At.Line, error.At.Column));
        Assert.Equal("www.acme.example.com is listed twice; remove one", error.Message);
    }
}
