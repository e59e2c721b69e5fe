using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>Reading a real tree end to end: files, then documents, then objects.</summary>
public sealed class ManifestLoaderTests : IDisposable
{
    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void LoadTree_ReadsTheObjectsOfEveryFile_WithTenantFoldersApplied()
    {
        tree.Write("tenants/acme/tenant.yaml", ManifestText.Tenant("acme"));
        tree.Write("tenants/acme/servers.yaml", ManifestText.VirtualServer("web") + "---\n" + ManifestText.VirtualServer("db"));
        tree.Write("fleet/nodes.yaml", ManifestText.HypervisorNode("node-1"));

        var set = ManifestLoader.LoadTree(tree.Root);

        ErrorAssert.None(set.Errors);
        Assert.Equal(3, set.FileCount);
        Assert.Equal(["node-1", "web", "db", "acme"], set.Manifests.Select(m => m.Name));
        Assert.Equal([null, "acme", "acme", null], set.Manifests.Select(m => m.Namespace));
        Assert.Equal(new SourceMark(tree.PathOf("tenants/acme/servers.yaml"), 12, 1), set.Manifests[2].At);
    }

    [Fact]
    public void LoadTree_ReportsErrorsWithTheFilesDisplayPath()
    {
        var path = tree.Write("tenants/acme/web.yaml", ManifestText.VirtualServer("web", plan: "VPS-HUGE"));

        var set = ManifestLoader.LoadTree(tree.Root);

        ErrorAssert.Single(set.Errors, path, 6, 9, "spec.plan: \"VPS-HUGE\" is not allowed");
    }

    [Fact]
    public void LoadTree_ReturnsReadErrorsBeforeParseErrors_AndKeepsTheGoodFiles()
    {
        var invalid = tree.Write("a.yaml", "a: [\n");
        tree.Write("tenants/acme/tenant.yaml", ManifestText.Tenant("acme"));
        var binary = tree.WriteBytes("z.yaml", [0]);

        var set = ManifestLoader.LoadTree(tree.Root);

        Assert.Equal([binary, invalid], set.Errors.Select(e => e.At.File));
        Assert.Equal("acme", Assert.Single(set.Manifests).Name);
        Assert.Equal(2, set.FileCount);
    }

    [Fact]
    public void LoadTree_ReadsStatus_OnlyWhenAllowed()
    {
        tree.Write("fleet/node.yaml", ManifestText.HypervisorNode("node-1") + "status:\n  phase: Ready\n");

        Assert.Single(ManifestLoader.LoadTree(tree.Root).Errors);
        Assert.Empty(ManifestLoader.LoadTree(tree.Root, allowStatus: true).Errors);
    }

    [Fact]
    public void LoadTree_PassesTheLimitsToTheYamlReader()
    {
        var path = tree.Write("many.yaml", "a: 1\n---\nb: 2\n---\nc: 3\n");

        var set = ManifestLoader.LoadTree(tree.Root, LoadLimits.Default with { MaxDocumentsPerFile = 2 });

        ErrorAssert.Contains(set.Errors, path, 5, 1, "more than 2 YAML documents in one file");
    }
}
