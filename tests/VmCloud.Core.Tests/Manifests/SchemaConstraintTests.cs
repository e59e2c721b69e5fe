namespace VmCloud.Core.Tests.Manifests;

/// <summary>The structural schema of each kind: required, unknown, enum, pattern, range and list bounds.</summary>
public sealed class SchemaConstraintTests
{
    private const string Server = """
        apiVersion: vmcloud.io/v1alpha1
        kind: VirtualServer
        metadata:
          name: web
          namespace: acme
        spec:

        """;

    [Fact]
    public void Decode_RejectsMissingRequiredFields_AtTheParentMapping()
    {
        var set = Yaml.Parse(Server + "  plan: VPS-NANO\n  sshKeys: []\n");

        Assert.Empty(set.Manifests);
        Assert.Equal(2, set.Errors.Count);
        ErrorAssert.Contains(set.Errors, "m.yaml", 7, 3, "spec.image is required", "operating system image from the catalogue");
        ErrorAssert.Contains(set.Errors, "m.yaml", 7, 3, "spec.datacenter is required");
    }

    [Theory]
    [InlineData("VirtualServer", "plan,image,datacenter")]
    [InlineData("GpuInstance", "plan,image,datacenter")]
    [InlineData("LoadBalancer", "plan,datacenter,listeners,backends")]
    [InlineData("CdnDistribution", "plan,origin,hostnames")]
    [InlineData("Volume", "class,sizeGiB,datacenter")]
    [InlineData("Tenant", "displayName,billingContact")]
    [InlineData("HypervisorNode", "datacenter,role")]
    public void Decode_ListsEveryRequiredSpecField_OfEachKind_AtTheSpec(string kind, string required)
    {
        var clusterScoped = kind is "Tenant" or "HypervisorNode";
        var text = $"apiVersion: vmcloud.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: x\n{(clusterScoped ? "" : "  namespace: acme\n")}spec: {{}}\n";

        var errors = Yaml.Parse(text).Errors;

        Assert.Equal(required.Split(',').Select(f => $"spec.{f} is required"), errors.Select(e => e.Message[..e.Message.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(errors, e => Assert.Equal(new VmCloud.Core.Manifests.SourceMark("m.yaml", clusterScoped ? 5 : 6, 7), e.At));
    }

    [Fact]
    public void Decode_RejectsMissingRequiredNestedField_AtItsOwnMapping()
    {
        var text = """
            apiVersion: vmcloud.io/v1alpha1
            kind: LoadBalancer
            metadata:
              name: lb
              namespace: acme
            spec:
              plan: LB-STARTER
              datacenter: PAR-1
              listeners:
                - protocol: HTTP
              backends:
                servers: [web]
                port: 8080
            """;

        ErrorAssert.Single(Yaml.Parse(text).Errors, "m.yaml", 10, 7, "spec.listeners[0].port is required", "public port");
    }

    [Fact]
    public void Decode_RejectsUnknownField_WithItsLine_AndDidYouMean()
    {
        var set = Yaml.Parse(Server + "  plan: VPS-NANO\n  image: debian-12\n  datacenter: PAR-1\n  volumez: [data]\n");

        var error = ErrorAssert.Single(set.Errors, "m.yaml", 10, 3, "spec.volumez: unknown field", "(did you mean \"volumes\"?)");
        Assert.Contains("known fields: plan, image, datacenter, sshKeys, powerState, volumes, spreadGroup", error.Message, StringComparison.Ordinal);
        Assert.Equal("VirtualServer acme/web", error.Subject);
    }

    [Fact]
    public void Decode_RejectsUnknownField_WithoutSuggestion_WhenNothingIsClose()
    {
        var set = Yaml.Parse(Server + "  plan: VPS-NANO\n  image: debian-12\n  datacenter: PAR-1\n  colour: blue\n");

        var error = ErrorAssert.Single(set.Errors, "m.yaml", 10, 3, "spec.colour: unknown field; known fields:");
        Assert.DoesNotContain("did you mean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RejectsValueOutsideEnum_WithSuggestion_AndTheAllowedValues()
    {
        var set = Yaml.Parse(Server + "  plan: VPS-NAN\n  image: debian-12\n  datacenter: PAR-1\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 7, 9,
            "spec.plan: \"VPS-NAN\" is not allowed (did you mean \"VPS-NANO\"?); expected one of VPS-NANO, VPS-STARTER");
    }

    [Fact]
    public void Decode_RejectsEnumOfAnEnumType_WithSuggestion()
    {
        var set = Yaml.Parse(Server + "  plan: VPS-NANO\n  image: debian-12\n  datacenter: PAR-1\n  powerState: stopped\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 10, 15, "spec.powerState: \"stopped\" is not allowed (did you mean \"Stopped\"?)", "Running, Stopped");
    }

    public static TheoryData<string, int, int, string> PatternViolations => new()
    {
        { "  sshKeys:\n    - ssh-foo AAAA me@host\n", 11, 7, "spec.sshKeys[0]: \"ssh-foo AAAA me@host\" is not" },
        { "  sshKeys:\n    - ssh-ed25519 not/base64!!\n", 11, 7, "spec.sshKeys[0]: \"ssh-ed25519 not/base64!!\" is not" },
        { "  spreadGroup: Web_Group\n", 10, 16, "spec.spreadGroup: \"Web_Group\" is not" },
        { "  volumes: [-data]\n", 10, 13, "spec.volumes[0]: \"-data\" is not" },
    };

    [Theory]
    [MemberData(nameof(PatternViolations))]
    public void Decode_RejectsPatternViolation_AtTheValue(string extra, int line, int column, string gist)
    {
        var set = Yaml.Parse(Server + "  plan: VPS-NANO\n  image: debian-12\n  datacenter: PAR-1\n" + extra);

        ErrorAssert.Single(set.Errors, "m.yaml", line, column, gist);
    }

    [Fact]
    public void Decode_RejectsBadHostname_AtTheListItem()
    {
        var text = """
            apiVersion: vmcloud.io/v1alpha1
            kind: CdnDistribution
            metadata:
              name: cdn
              namespace: acme
            spec:
              plan: CDN-PRO
              origin:
                url: https://origin.example.com
              hostnames:
                - www.example.com
                - Bad_Host.example.com
            """;

        ErrorAssert.Single(Yaml.Parse(text).Errors, "m.yaml", 12, 7, "spec.hostnames[1]: \"Bad_Host.example.com\" is not");
    }

    [Theory]
    [InlineData("par-1")]
    [InlineData("PAR1")]
    [InlineData("PARIS-1")]
    [InlineData("PAR-123")]
    public void Decode_RejectsBadDatacenterCode_AtTheValue(string code)
    {
        var set = Yaml.Parse(Server + $"  plan: VPS-NANO\n  image: debian-12\n  datacenter: {code}\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 9, 15, $"spec.datacenter: \"{code}\" is not");
    }

    [Fact]
    public void Decode_ExplainsTheDatacenterFormat_WhenTheCodeIsBad()
    {
        var set = Yaml.Parse(Server + "  plan: VPS-NANO\n  image: debian-12\n  datacenter: par1\n");

        var error = ErrorAssert.Single(set.Errors, "m.yaml", 9, 15, "spec.datacenter: \"par1\" is not");
        Assert.Contains("PAR-1", error.Message, StringComparison.Ordinal);
        Assert.False(error.Message.EndsWith("e.g", StringComparison.Ordinal), error.Message);
    }

    [Theory]
    [InlineData(0, "must be at least 1, got 0")]
    [InlineData(70000, "must be at most 65535, got 70000")]
    public void Decode_RejectsPortOutOfRange_AtTheValue(int port, string gist)
    {
        var text = $"""
            apiVersion: vmcloud.io/v1alpha1
            kind: LoadBalancer
            metadata:
              name: lb
              namespace: acme
            spec:
              plan: LB-STARTER
              datacenter: PAR-1
              listeners:
                - port: {port}
                  protocol: HTTP
              backends:
                servers: [web]
                port: 8080
            """;

        ErrorAssert.Single(Yaml.Parse(text).Errors, "m.yaml", 10, 13, $"spec.listeners[0].port: {gist}");
    }

    [Fact]
    public void Decode_RejectsVolumeOfSizeZero_AtTheValue()
    {
        var text = ManifestText.Volume("data", sizeGiB: 0, ns: "acme");

        ErrorAssert.Single(Yaml.Parse(text).Errors, Yaml.ValueOf("m.yaml", text, "sizeGiB"), "spec.sizeGiB: must be at least 1, got 0");
    }

    [Fact]
    public void Decode_RejectsIntegerBeyondInt32_AsOutOfRange()
    {
        var text = ManifestText.Volume("data", ns: "acme").Replace("sizeGiB: 10", "sizeGiB: 99999999999", StringComparison.Ordinal);

        ErrorAssert.Single(Yaml.Parse(text).Errors, Yaml.ValueOf("m.yaml", text, "sizeGiB"), "spec.sizeGiB: 99999999999 is out of range for an integer");
    }

    [Fact]
    public void Decode_RejectsEmptyListeners_AtTheList()
    {
        var text = ManifestText.LoadBalancer("lb", servers: ["web"], ns: "acme")
            .Replace("  listeners:\n    - port: 80\n      protocol: HTTP\n", "  listeners: []\n", StringComparison.Ordinal);

        ErrorAssert.Single(Yaml.Parse(text).Errors, Yaml.ValueOf("m.yaml", text, "listeners"), "spec.listeners: needs at least 1 item(s), has 0");
    }

    [Fact]
    public void Decode_Rejects33SshKeys_AtTheList()
    {
        var keys = string.Concat(Enumerable.Range(0, 33).Select(i => $"    - {ManifestText.SshKey}{i}\n"));
        var set = Yaml.Parse(Server + "  plan: VPS-NANO\n  image: debian-12\n  datacenter: PAR-1\n  sshKeys:\n" + keys);

        ErrorAssert.Single(set.Errors, "m.yaml", 11, 5, "spec.sshKeys: has 33 items, at most 32 are allowed");
    }

    [Fact]
    public void Decode_Accepts32SshKeys()
    {
        var keys = string.Concat(Enumerable.Range(0, 32).Select(i => $"    - {ManifestText.SshKey}{i}\n"));
        var set = Yaml.Parse(Server + "  plan: VPS-NANO\n  image: debian-12\n  datacenter: PAR-1\n  sshKeys:\n" + keys);

        ErrorAssert.None(set.Errors);
        Assert.Single(set.Manifests);
    }

    [Theory]
    [InlineData("    url: https://origin.example.com\n    loadBalancer: web-lb\n")]
    [InlineData("    {}\n")]
    public void Decode_RejectsCdnOrigin_UnlessExactlyOneOfUrlOrLoadBalancer(string origin)
    {
        var text = "apiVersion: vmcloud.io/v1alpha1\nkind: CdnDistribution\nmetadata:\n  name: cdn\n  namespace: acme\n"
            + "spec:\n  plan: CDN-PRO\n  hostnames: [www.example.com]\n  origin:\n" + origin;

        ErrorAssert.Single(Yaml.Parse(text).Errors, "m.yaml", 10, 5, "spec.origin: set exactly one of url or loadBalancer");
    }

    [Fact]
    public void Decode_RejectsOriginUrlThatIsNotHttps_AtTheValue()
    {
        var text = ManifestText.CdnDistribution("cdn", ["www.example.com"], ns: "acme").Replace("https://", "http://", StringComparison.Ordinal);

        ErrorAssert.Contains(Yaml.Parse(text).Errors, Yaml.ValueOf("m.yaml", text, "url"), "spec.origin.url: \"http://origin.example.com\" is not");
    }

    [Fact]
    public void Decode_RejectsOriginUrlThatIsNotHttps_WithOneErrorOnly()
    {
        var text = ManifestText.CdnDistribution("cdn", ["www.example.com"], ns: "acme").Replace("https://", "http://", StringComparison.Ordinal);

        ErrorAssert.Single(Yaml.Parse(text).Errors, Yaml.ValueOf("m.yaml", text, "url"), "spec.origin.url: \"http://origin.example.com\" is not");
    }
}
