using VmCloud.Core.Tests.Manifests;

namespace VmCloud.Core.Tests.Validation;

/// <summary>Unique names, declared tenants, and agencies with clients one level deep.</summary>
public sealed class TenantRulesTests
{
    [Fact]
    public void Validate_AcceptsATenantWithItsObjects()
    {
        var tree = new ManifestTree()
            .Tenant("acme")
            .Add("tenants/acme/web.yaml", ManifestText.VirtualServer("web", volumes: ["data"]))
            .Add("tenants/acme/data.yaml", ManifestText.Volume("data", attachTo: "web"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_RejectsADuplicateName_AtTheSecond_NamingTheFirst()
    {
        var tree = new ManifestTree()
            .Tenant("acme")
            .Add("tenants/acme/a.yaml", ManifestText.VirtualServer("web"))
            .Add("tenants/acme/b.yaml", "# the same server again\n" + ManifestText.VirtualServer("web", plan: "VPS-STARTER"));

        var error = ErrorAssert.Single(tree.Validate(), tree.ValueOf("tenants/acme/b.yaml", "name"),
            "declared twice; the first is at tenants/acme/a.yaml:1:1. Rename or remove one");
        Assert.Equal("VirtualServer acme/web", error.Subject);
    }

    [Fact]
    public void Validate_RejectsADuplicateTenant_AtTheSecond()
    {
        var tree = new ManifestTree()
            .Tenant("acme")
            .Add("tenants/acme/again.yaml", ManifestText.Tenant("acme"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf("tenants/acme/again.yaml", "name"), "declared twice; the first is at tenants/acme/tenant.yaml:1:1");
    }

    [Fact]
    public void Validate_AcceptsTheSameName_ForAnotherKindOrAnotherTenant()
    {
        var tree = new ManifestTree()
            .Tenant("acme")
            .Tenant("globex")
            .Add("tenants/acme/web.yaml", ManifestText.VirtualServer("web"))
            .Add("tenants/acme/web-lb.yaml", ManifestText.LoadBalancer("web", servers: ["web"]))
            .Add("tenants/globex/web.yaml", ManifestText.VirtualServer("web"));

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_RejectsAnUndeclaredTenant_AtTheMetadata_WhenTheFolderGaveTheNamespace()
    {
        var tree = new ManifestTree().Add("tenants/ghost/web.yaml", ManifestText.VirtualServer("web"));

        var error = ErrorAssert.Single(tree.Validate(), tree.At("tenants/ghost/web.yaml", "name: web"),
            "tenant ghost is not declared; add a Tenant named ghost (tenants/ghost/tenant.yaml)");
        Assert.Equal("VirtualServer ghost/web", error.Subject);
    }

    [Fact]
    public void Validate_RejectsAnUndeclaredTenant_AtTheNamespace_WhenWrittenOut()
    {
        var tree = new ManifestTree()
            .Tenant("acme")
            .Add("shared/data.yaml", ManifestText.Volume("data", ns: "acmee"));

        ErrorAssert.Single(tree.Validate(), tree.ValueOf("shared/data.yaml", "namespace"), "tenant acmee is not declared");
    }

    [Fact]
    public void Validate_AcceptsAClientOfATopLevelAgency()
    {
        var tree = new ManifestTree().Tenant("agency").Tenant("client", parent: "agency");

        ErrorAssert.None(tree.Validate());
    }

    [Fact]
    public void Validate_RejectsAMissingParent_AtTheParent()
    {
        var tree = new ManifestTree().Tenant("client", parent: "agency");

        ErrorAssert.Single(tree.Validate(), tree.ValueOf("tenants/client/tenant.yaml", "parent"), "parent tenant agency is not declared");
    }

    [Fact]
    public void Validate_RejectsATenantThatIsItsOwnParent_AtTheParent()
    {
        var tree = new ManifestTree().Tenant("acme", parent: "acme");

        ErrorAssert.Single(tree.Validate(), tree.ValueOf("tenants/acme/tenant.yaml", "parent"), "a tenant cannot be its own parent");
    }

    [Fact]
    public void Validate_RejectsAParentTwoLevelsDeep_AtTheGrandchildsParent()
    {
        var tree = new ManifestTree()
            .Tenant("agency")
            .Tenant("client", parent: "agency")
            .Tenant("subclient", parent: "client");

        ErrorAssert.Single(tree.Validate(), tree.ValueOf("tenants/subclient/tenant.yaml", "parent"),
            "client is itself a client of agency; a client tenant's parent must be a top-level (agency) tenant");
    }

    [Fact]
    public void Validate_RejectsAParentCycle_OnBothTenants()
    {
        var tree = new ManifestTree().Tenant("a", parent: "b").Tenant("b", parent: "a");

        var errors = tree.Validate();

        Assert.Equal(2, errors.Count);
        ErrorAssert.Contains(errors, tree.ValueOf("tenants/a/tenant.yaml", "parent"), "b is itself a client of a");
        ErrorAssert.Contains(errors, tree.ValueOf("tenants/b/tenant.yaml", "parent"), "a is itself a client of b");
    }

    [Fact]
    public void Validate_SortsErrorsByFileThenPosition()
    {
        var tree = new ManifestTree()
            .Add("tenants/zeta/web.yaml", ManifestText.VirtualServer("web", datacenter: "XYZ-1"))
            .Add("tenants/alpha/web.yaml", ManifestText.VirtualServer("web", datacenter: "XYZ-1"));

        var errors = tree.Validate();

        Assert.Equal(
            ["tenants/alpha/web.yaml:4", "tenants/alpha/web.yaml:8", "tenants/zeta/web.yaml:4", "tenants/zeta/web.yaml:8"],
            errors.Select(e => $"{e.At.File}:{e.At.Line}"));
    }
}
