using VmCloud.Api.V1Alpha1;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>The envelope of a manifest: apiVersion, kind, metadata, spec and status.</summary>
public sealed class ManifestDecoderTests
{
    [Fact]
    public void Decode_ReadsAValidManifest_WithTheFieldPositions()
    {
        var text = ManifestText.VirtualServer("web", ns: "acme");

        var set = Yaml.Parse(text, "servers.yaml");

        ErrorAssert.None(set.Errors);
        var manifest = Assert.Single(set.Manifests);
        Assert.Equal(("VirtualServer", "acme", "web"), (manifest.Kind.Kind, manifest.Namespace, manifest.Name));
        Assert.Equal(new("servers.yaml", 1, 1), manifest.At);
        Assert.Equal(Yaml.ValueOf("servers.yaml", text, "plan"), manifest.MarkOf("spec.plan"));
        Assert.Equal(Yaml.At("servers.yaml", text, "ssh-ed25519"), manifest.MarkOf("spec.sshKeys[0]"));
        Assert.Equal(Yaml.At("servers.yaml", text, "plan"), manifest.MarkOf("spec.volumes[3]"));
        Assert.Equal("VPS-NANO", Assert.IsType<VirtualServer>(manifest.Object).Spec.Plan);
    }

    [Fact]
    public void Decode_RejectsADocumentThatIsNotAMapping_AtTheDocument()
    {
        var set = Yaml.Parse("a: 1\n---\n- a\n- b\n", "list.yaml");

        ErrorAssert.Contains(set.Errors, "list.yaml", 3, 1, "a manifest must be a mapping with apiVersion, kind, metadata and spec");
    }

    [Fact]
    public void Decode_RejectsMissingApiVersionKindAndMetadata_AtTheDocument()
    {
        var set = Yaml.Parse("spec: {}\n");

        Assert.Equal(3, set.Errors.Count);
        ErrorAssert.Contains(set.Errors, "m.yaml", 1, 1, "apiVersion is required: vmcloud.io/v1alpha1");
        ErrorAssert.Contains(set.Errors, "m.yaml", 1, 1, "kind is required: one of VirtualServer, GpuInstance");
        ErrorAssert.Contains(set.Errors, "m.yaml", 1, 1, "metadata is required, with at least a name");
    }

    [Fact]
    public void Decode_RejectsAnotherApiVersion_AtTheValue()
    {
        var set = Yaml.Parse("apiVersion: vmcloud.io/v1\nkind: Tenant\nmetadata:\n  name: acme\nspec: {}\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 1, 13, "apiVersion vmcloud.io/v1 is not served by VmCloud; use vmcloud.io/v1alpha1");
    }

    [Fact]
    public void Decode_RejectsUnknownKind_WithSuggestion()
    {
        var set = Yaml.Parse("apiVersion: vmcloud.io/v1alpha1\nkind: VirtualServr\nmetadata:\n  name: web\nspec: {}\n");

        var error = ErrorAssert.Single(set.Errors, "m.yaml", 2, 7, "unknown kind VirtualServr (did you mean \"VirtualServer\"?)");
        Assert.Null(error.Subject);
    }

    [Fact]
    public void Decode_RejectsMissingSpec_AtTheDocument()
    {
        var set = Yaml.Parse("apiVersion: vmcloud.io/v1alpha1\nkind: Tenant\nmetadata:\n  name: acme\n");

        var error = ErrorAssert.Single(set.Errors, "m.yaml", 1, 1, "spec is required: the desired state of the Tenant");
        Assert.Equal("Tenant acme", error.Subject);
    }

    [Theory]
    [InlineData("spec:\n")]
    [InlineData("spec: ~\n")]
    public void Decode_RejectsAnEmptySpec_AtTheSpec(string spec)
    {
        var set = Yaml.Parse("apiVersion: vmcloud.io/v1alpha1\nkind: Volume\nmetadata:\n  name: data\n  namespace: acme\n" + spec);

        Assert.Empty(set.Manifests);
        var error = Assert.Single(set.Errors);
        Assert.Equal(("m.yaml", 6), (error.At.File, error.At.Line));
        Assert.Contains("spec", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RejectsUnknownTopLevelField_WithSuggestion()
    {
        var set = Yaml.Parse(ManifestText.Tenant("acme") + "specs: {}\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 8, 1, "specs: unknown field (did you mean \"spec\"?); a manifest has apiVersion, kind, metadata and spec");
    }

    [Fact]
    public void Decode_RefusesStatusInAManifest_AtTheStatusKey()
    {
        var set = Yaml.Parse(ManifestText.HypervisorNode("node-1") + "status:\n  phase: Ready\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 8, 1, "status is written by the control plane; remove it from the manifest");
        Assert.Empty(set.Manifests);
    }

    [Fact]
    public void Decode_ReadsStatus_WhenTheContextAllowsIt()
    {
        var text = ManifestText.HypervisorNode("node-1")
            + "status:\n  phase: Ready\n  lastHeartbeatTime: 2025-01-02T10:00:00Z\n  capacity: {vcpus: 64}\n";

        var set = Yaml.Parse(text, allowStatus: true);

        ErrorAssert.None(set.Errors);
        var node = Assert.IsType<HypervisorNode>(Assert.Single(set.Manifests).Object);
        Assert.Equal("Ready", node.Status!.Phase);
        Assert.Equal(64, node.Status.Capacity.Vcpus);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 10, 0, 0, TimeSpan.Zero), node.Status.LastHeartbeatTime);
    }

    [Fact]
    public void Decode_ChecksTheStatusSchema_WhenTheContextAllowsIt()
    {
        var set = Yaml.Parse(ManifestText.HypervisorNode("node-1") + "status:\n  lastHeartbeatTime: Tuesday\n", allowStatus: true);

        ErrorAssert.Single(set.Errors, "m.yaml", 9, 22, "status.lastHeartbeatTime: \"Tuesday\" is not an RFC 3339 date-time");
    }

    [Theory]
    [InlineData("\"1/2/2025\"")]
    [InlineData("\"2025-01-02 10:00:00\"")]
    public void Decode_RejectsNonRfc3339DateTime_AtTheValue(string value)
    {
        var set = Yaml.Parse(ManifestText.HypervisorNode("node-1") + $"status:\n  lastHeartbeatTime: {value}\n", allowStatus: true);

        ErrorAssert.Single(set.Errors, "m.yaml", 9, 22, "status.lastHeartbeatTime", "RFC 3339");
    }

    [Fact]
    public void Decode_NamesTheObject_InEveryErrorAboutIt()
    {
        var set = Yaml.Parse(ManifestText.VirtualServer("web", ns: "acme", plan: "VPS-HUGE"));

        var error = Assert.Single(set.Errors);
        Assert.Equal(("VirtualServer", "acme", "web"), (error.Kind, error.Namespace, error.Name));
        Assert.StartsWith("m.yaml:7:9: VirtualServer acme/web: spec.plan: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CountsFiles_AndKeepsTheObjectsOfTheOtherDocuments()
    {
        var files = new[]
        {
            Yaml.File(ManifestText.Tenant("acme") + "---\n" + ManifestText.Volume("data", sizeGiB: 0, ns: "acme"), "a.yaml"),
            Yaml.File("a: [\n", "b.yaml"),
        };

        var set = VmCloud.Core.Manifests.ManifestLoader.Parse(files);

        Assert.Equal(2, set.FileCount);
        Assert.Equal("acme", Assert.Single(set.Manifests).Name);
        Assert.Equal(["a.yaml", "b.yaml"], set.Errors.Select(e => e.At.File));
    }
}
