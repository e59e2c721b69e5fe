using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>tenants/NAME/ holds only that tenant's objects; outside it, namespaces are explicit.</summary>
public sealed class TenantFolderTests
{
    [Theory]
    [InlineData("tenants/acme/web.yaml", "acme")]
    [InlineData("tenants/acme/prod/web.yaml", "acme")]
    [InlineData("tenants/acme.yaml", null)]
    [InlineData("fleet/nodes.yaml", null)]
    [InlineData("web.yaml", null)]
    [InlineData("clusters/tenants/acme/web.yaml", null)]
    public void ForTreePath_FindsTheTenantFolder(string relativePath, string? tenant)
    {
        var context = DocumentContext.ForTreePath("repo/" + relativePath, relativePath);

        Assert.Equal(tenant, context.TenantFolder);
        Assert.Equal("repo/" + relativePath, context.File);
        Assert.False(context.AllowStatus);
    }

    [Fact]
    public void Decode_DefaultsTheNamespaceToTheTenantFolder()
    {
        var set = Yaml.Parse(ManifestText.VirtualServer("web"), "tenants/acme/web.yaml");

        ErrorAssert.None(set.Errors);
        Assert.Equal("acme", Assert.Single(set.Manifests).Namespace);
    }

    [Fact]
    public void Decode_AcceptsTheFoldersOwnNamespace_WrittenOut()
    {
        var set = Yaml.Parse(ManifestText.VirtualServer("web", ns: "acme"), "tenants/acme/web.yaml");

        ErrorAssert.None(set.Errors);
        Assert.Equal("acme", Assert.Single(set.Manifests).Namespace);
    }

    [Fact]
    public void Decode_RefusesAnotherTenantsNamespace_InATenantFolder_AtTheNamespace()
    {
        var text = ManifestText.VirtualServer("web", ns: "globex");

        var error = ErrorAssert.Single(Yaml.Parse(text, "tenants/acme/web.yaml").Errors, "tenants/acme/web.yaml", 5, 14,
            "metadata.namespace is globex but the file is in tenants/acme/; a tenant folder holds only that tenant's objects");
        Assert.Equal("VirtualServer globex/web", error.Subject);
    }

    [Fact]
    public void Decode_AcceptsTheFoldersOwnTenant()
    {
        var set = Yaml.Parse(ManifestText.Tenant("acme"), "tenants/acme/tenant.yaml");

        ErrorAssert.None(set.Errors);
        var manifest = Assert.Single(set.Manifests);
        Assert.Equal("acme", manifest.Name);
        Assert.Null(manifest.Namespace);
    }

    [Fact]
    public void Decode_RefusesAnotherTenant_InATenantFolder_AtTheDocument()
    {
        ErrorAssert.Single(Yaml.Parse(ManifestText.Tenant("globex"), "tenants/acme/tenant.yaml").Errors, "tenants/acme/tenant.yaml", 1, 1,
            "the folder tenants/acme/ can only declare the Tenant acme, not globex");
    }

    [Fact]
    public void Decode_RefusesHypervisorNode_InATenantFolder_AtTheDocument()
    {
        ErrorAssert.Single(Yaml.Parse(ManifestText.HypervisorNode("node-1"), "tenants/acme/node.yaml").Errors, "tenants/acme/node.yaml", 1, 1,
            "a tenant folder cannot declare HypervisorNodes; nodes are managed by staff outside tenants/");
    }

    [Fact]
    public void Decode_RequiresANamespace_ForNamespacedKindsOutsideTenants()
    {
        var text = "# shared storage\n" + ManifestText.Volume("data");

        var error = ErrorAssert.Single(Yaml.Parse(text, "shared/data.yaml").Errors, "shared/data.yaml", 2, 1,
            "metadata.namespace is required: the tenant that owns the object");
        Assert.Equal("Volume data", error.Subject);
    }

    [Fact]
    public void Decode_AcceptsAnExplicitNamespace_OutsideTenants()
    {
        var set = Yaml.Parse(ManifestText.Volume("data", ns: "acme"), "shared/data.yaml");

        ErrorAssert.None(set.Errors);
        Assert.Equal("acme", Assert.Single(set.Manifests).Namespace);
    }

    [Theory]
    [InlineData("Tenant")]
    [InlineData("HypervisorNode")]
    public void Decode_RefusesANamespace_OnClusterScopedKinds_AtTheNamespace(string kind)
    {
        var text = (kind == "Tenant" ? ManifestText.Tenant("acme") : ManifestText.HypervisorNode("acme"))
            .Replace("  name: acme\n", "  name: acme\n  namespace: acme\n", StringComparison.Ordinal);

        ErrorAssert.Single(Yaml.Parse(text, "fleet/x.yaml").Errors, "fleet/x.yaml", 5, 14,
            $"metadata.namespace must not be set: {kind} is cluster-scoped");
    }

    [Fact]
    public void Decode_AcceptsHypervisorNode_OutsideTenants()
    {
        var set = Yaml.Parse(ManifestText.HypervisorNode("node-1"), "fleet/nodes.yaml");

        ErrorAssert.None(set.Errors);
        Assert.Null(Assert.Single(set.Manifests).Namespace);
    }

    [Fact]
    public void Parse_AppliesTheFolderOfEachFile()
    {
        var set = ManifestLoader.Parse(
        [
            Yaml.File(ManifestText.Volume("data"), "tenants/acme/data.yaml"),
            Yaml.File(ManifestText.Volume("data"), "tenants/globex/data.yaml"),
        ]);

        ErrorAssert.None(set.Errors);
        Assert.Equal(["acme", "globex"], set.Manifests.Select(m => m.Namespace));
    }
}
