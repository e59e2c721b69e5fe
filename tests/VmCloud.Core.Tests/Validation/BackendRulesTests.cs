using VmCloud.Core.Tests.Manifests;

namespace VmCloud.Core.Tests.Validation;

/// <summary>Load balancer backends: existing servers of the tenant, within the plan's count and datacenter.</summary>
public sealed class BackendRulesTests
{
    private const string Lb = "tenants/acme/lb.yaml";

    /// <summary>Tenant acme with servers web-1..web-N labelled role=web, in PAR-1 unless said otherwise.</summary>
    private static ManifestTree WithServers(int count, string datacenter = "PAR-1")
    {
        var tree = new ManifestTree().Tenant("acme");
        for (var i = 1; i <= count; i++)
            tree.Add($"tenants/acme/web-{i}.yaml", ManifestText.VirtualServer($"web-{i}", datacenter: datacenter, role: "web"));
        return tree;
    }

    private static string[] Names(params int[] numbers) => [.. numbers.Select(n => $"web-{n}")];

    public static TheoryData<string[], string?> SixDistinctBackends => new()
    {
        { Names(1, 2, 3, 4, 5, 6), null },
        { [], "web" },
        { Names(1, 2, 3), "web" },
        { Names(1, 2, 3, 4, 5, 6, 1, 2), null },
    };

    [Theory]
    [MemberData(nameof(SixDistinctBackends))]
    public void Validate_RejectsMoreBackendsThanThePlan_CountingEachServerOnce(string[] named, string? selectRole)
    {
        var tree = WithServers(6).Add(Lb, ManifestText.LoadBalancer("lb", servers: named, selectRole: selectRole));

        ErrorAssert.Single(tree.Validate(), tree.At(Lb, "port: 8080"), "6 backends, but LB-STARTER allows at most 5; choose a larger plan");
    }

    [Fact]
    public void Validate_AcceptsFiveBackends_NamedAndSelectedTwice()
    {
        var tree = WithServers(5).Add(Lb, ManifestText.LoadBalancer("lb", servers: Names(1, 2, 3, 4, 5), selectRole: "web"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_SelectsOnlyServersOfTheSameTenant()
    {
        var tree = WithServers(5).Tenant("globex");
        for (var i = 1; i <= 3; i++)
            tree.Add($"tenants/globex/web-{i}.yaml", ManifestText.VirtualServer($"other-{i}", role: "web"));
        tree.Add(Lb, ManifestText.LoadBalancer("lb", selectRole: "web"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_CountsGpuInstancesAsBackends()
    {
        var tree = WithServers(5)
            .Add("tenants/acme/gpu.yaml", ManifestText.GpuInstance("gpu-1", role: "web"))
            .Add(Lb, ManifestText.LoadBalancer("lb", selectRole: "web"));

        ErrorAssert.Single(tree.Validate(), tree.At(Lb, "port: 8080"), "6 backends, but LB-STARTER allows at most 5");
    }

    [Fact]
    public void Validate_AcceptsABusinessPlan_ForSixBackends()
    {
        var tree = WithServers(6).Add(Lb, ManifestText.LoadBalancer("lb", plan: "LB-BUSINESS", selectRole: "web"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_RejectsABackendInAnotherDatacenter_NamingIt()
    {
        var tree = WithServers(2)
            .Add("tenants/acme/far.yaml", ManifestText.VirtualServer("far", datacenter: "AMS-1"))
            .Add(Lb, ManifestText.LoadBalancer("lb", servers: ["web-1", "far"], selectRole: "web"));

        ErrorAssert.Single(tree.Validate(), tree.At(Lb, "port: 8080"),
            "backend far is in AMS-1 but the load balancer is in PAR-1; only LB-GLOBAL spans datacenters");
    }

    [Fact]
    public void Validate_RejectsASelectedBackendInAnotherDatacenter()
    {
        var tree = WithServers(2, datacenter: "AMS-1").Add(Lb, ManifestText.LoadBalancer("lb", plan: "LB-ENTERPRISE", selectRole: "web"));

        var errors = tree.Validate();

        Assert.Equal(2, errors.Count);
        ErrorAssert.Contains(errors, tree.At(Lb, "port: 8080"), "backend web-1 is in AMS-1 but the load balancer is in PAR-1");
        ErrorAssert.Contains(errors, tree.At(Lb, "port: 8080"), "backend web-2 is in AMS-1");
    }

    [Fact]
    public void Validate_AcceptsBackendsInOtherDatacenters_ForLbGlobal()
    {
        var tree = WithServers(2, datacenter: "AMS-1")
            .Add("tenants/acme/near.yaml", ManifestText.VirtualServer("near"))
            .Add(Lb, ManifestText.LoadBalancer("lb", plan: "LB-GLOBAL", servers: ["near"], selectRole: "web"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_AcceptsBackendsInOtherDatacenters_ForLbGlobal_EvenWithABackendCap()
    {
        var policies = TestPolicies.WithOffer("LB-GLOBAL", o => o with { MaxBackends = 1000 });
        var tree = WithServers(2, datacenter: "AMS-1").Add(Lb, ManifestText.LoadBalancer("lb", plan: "LB-GLOBAL", selectRole: "web"));

        ErrorAssert.None(tree.Validate(policies));
    }

    [Fact]
    public void Validate_RejectsAMissingBackendServer_AtTheName()
    {
        var tree = WithServers(1).Add(Lb, ManifestText.LoadBalancer("lb", servers: ["web-1", "ghost"]));

        ErrorAssert.Single(tree.Validate(), tree.At(Lb, "- ghost", 2), "no VirtualServer or GpuInstance named ghost in acme");
    }

    [Fact]
    public void Validate_RejectsABackendOfAnotherTenant_AsMissing()
    {
        var tree = WithServers(0)
            .Tenant("globex")
            .Add("tenants/globex/web.yaml", ManifestText.VirtualServer("shared"))
            .Add(Lb, ManifestText.LoadBalancer("lb", servers: ["shared"]));

        ErrorAssert.Single(tree.Validate(), tree.At(Lb, "- shared", 2), "no VirtualServer or GpuInstance named shared in acme");
    }

    [Fact]
    public void Validate_RejectsAnAmbiguousBackendName_AtTheName()
    {
        var tree = WithServers(1)
            .Add("tenants/acme/gpu.yaml", ManifestText.GpuInstance("web-1"))
            .Add(Lb, ManifestText.LoadBalancer("lb", servers: ["web-1"]));

        ErrorAssert.Single(tree.Validate(), tree.At(Lb, "- web-1", 2), "both a VirtualServer and a GpuInstance are named web-1; rename one");
    }

    [Fact]
    public void Validate_RejectsBackendsWithNeitherServersNorSelector_AtTheBackends()
    {
        var tree = WithServers(1).Add(Lb, ManifestText.LoadBalancer("lb"));

        ErrorAssert.Single(tree.Validate(), tree.At(Lb, "port: 8080"), "backends needs servers, a selector, or both");
    }
}
