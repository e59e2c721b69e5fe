namespace VmCloud.Core.Tests.Manifests;

/// <summary>What a manifest may say about itself: a valid name, labels and annotations, nothing the control plane owns.</summary>
public sealed class MetadataBinderTests
{
    private const string Start = "apiVersion: vmcloud.io/v1alpha1\nkind: Tenant\nmetadata:\n";
    private const string Spec = "spec:\n  displayName: Acme\n  billingContact: billing@acme.example.com\n";

    private static IReadOnlyList<VmCloud.Core.Manifests.ManifestError> Errors(string metadata) =>
        Yaml.Parse(Start + metadata + Spec).Errors;

    [Fact]
    public void Decode_RejectsMissingName_AtTheMetadataMapping()
    {
        ErrorAssert.Single(Errors("  labels: {a: b}\n"), "m.yaml", 4, 3, "metadata.name is required: a lower-case DNS label such as web-1");
    }

    [Fact]
    public void Decode_RejectsMetadataThatIsNotAMapping()
    {
        ErrorAssert.Single(Yaml.Parse(Start.Replace("metadata:\n", "metadata: acme\n", StringComparison.Ordinal) + Spec).Errors,
            "m.yaml", 3, 11, "metadata: expected a mapping with at least a name");
    }

    [Theory]
    [InlineData("Web")]
    [InlineData("web_1")]
    [InlineData("-web")]
    [InlineData("web-")]
    [InlineData("web.example")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234")]
    public void Decode_RejectsInvalidName_AtTheValue(string name)
    {
        ErrorAssert.Single(Errors($"  name: {name}\n"), "m.yaml", 4, 9,
            $"metadata.name: \"{name}\" is not a valid name: use at most 63 lower-case letters, digits and '-'");
    }

    [Theory]
    [InlineData("web-1")]
    [InlineData("a")]
    [InlineData("1")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g12")]
    public void Decode_AcceptsDnsLabelNames(string name)
    {
        var set = Yaml.Parse(Start + $"  name: {name}\n" + Spec);

        ErrorAssert.None(set.Errors);
        Assert.Equal(name, Assert.Single(set.Manifests).Name);
    }

    [Fact]
    public void Decode_RejectsEmptyName_AtTheValue()
    {
        ErrorAssert.Single(Errors("  name:\n"), "m.yaml", 4, 8, "metadata.name: expected a name");
    }

    [Theory]
    [InlineData("uid: 6f1c")]
    [InlineData("resourceVersion: \"42\"")]
    [InlineData("generation: 3")]
    [InlineData("creationTimestamp: 2025-01-01T00:00:00Z")]
    [InlineData("deletionTimestamp: 2025-01-01T00:00:00Z")]
    [InlineData("finalizers: [vmcloud.io/cleanup]")]
    [InlineData("ownerReferences: []")]
    [InlineData("managedFields: []")]
    public void Decode_RefusesSystemOwnedFields_AtTheKey(string field)
    {
        var key = field[..field.IndexOf(':', StringComparison.Ordinal)];

        ErrorAssert.Single(Errors($"  name: acme\n  {field}\n"), "m.yaml", 5, 3,
            $"metadata.{key} is set by the control plane; remove it from the manifest");
    }

    [Fact]
    public void Decode_RefusesGenerateName_AndSaysToGiveAName()
    {
        var errors = Errors("  generateName: acme-\n");

        Assert.Equal(2, errors.Count);
        ErrorAssert.Contains(errors, "m.yaml", 4, 3, "metadata.generateName is not supported; give the object a metadata.name");
        ErrorAssert.Contains(errors, "m.yaml", 4, 3, "metadata.name is required");
    }

    [Fact]
    public void Decode_RejectsUnknownMetadataField_WithSuggestion()
    {
        ErrorAssert.Single(Errors("  name: acme\n  label: {a: b}\n"), "m.yaml", 5, 3,
            "metadata.label: unknown field (did you mean \"labels\"?); known fields: name, namespace, labels, annotations");
    }

    [Theory]
    [InlineData("app.kubernetes.io/name", "web")]
    [InlineData("tier", "")]
    [InlineData("A_b.c-D", "x.Y_z-1")]
    public void Decode_AcceptsValidLabels(string key, string value)
    {
        var set = Yaml.Parse(Start + $"  name: acme\n  labels:\n    {key}: \"{value}\"\n" + Spec);

        ErrorAssert.None(set.Errors);
        Assert.Equal(value, Assert.Single(set.Manifests).Object.Metadata.Labels![key]);
    }

    [Theory]
    [InlineData("bad key")]
    [InlineData("-tier")]
    [InlineData("Example.com/tier")]
    [InlineData("example.com/")]
    [InlineData("/tier")]
    public void Decode_RejectsInvalidLabelKey(string key)
    {
        var error = Assert.Single(Errors($"  name: acme\n  labels:\n    \"{key}\": web\n"));

        Assert.Equal(("m.yaml", 6), (error.At.File, error.At.Line));
        Assert.Contains($"metadata.labels: key \"{key}\" is not a valid qualified name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RejectsInvalidLabelKey_AtTheKey()
    {
        ErrorAssert.Single(Errors("  name: acme\n  labels:\n    \"bad key\": web\n"), "m.yaml", 6, 5, "key \"bad key\" is not a valid qualified name");
    }

    [Theory]
    [InlineData("-web")]
    [InlineData("web app")]
    [InlineData("web/app")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234")]
    public void Decode_RejectsInvalidLabelValue_AtTheValue(string value)
    {
        ErrorAssert.Single(Errors($"  name: acme\n  labels:\n    tier: \"{value}\"\n"), "m.yaml", 6, 11,
            $"metadata.labels.tier: \"{value}\" is not a valid label value");
    }

    [Theory]
    [InlineData("3")]
    [InlineData("true")]
    [InlineData("~")]
    [InlineData("[a]")]
    public void Decode_RejectsNonStringLabelValue_AndSaysToQuoteIt(string value)
    {
        ErrorAssert.Single(Errors($"  name: acme\n  labels:\n    tier: {value}\n"), "m.yaml", 6, 11,
            "metadata.labels.tier: values must be strings; quote it");
    }

    [Fact]
    public void Decode_RejectsNonStringAnnotationValue()
    {
        ErrorAssert.Single(Errors("  name: acme\n  annotations:\n    replicas: 3\n"), "m.yaml", 6, 15,
            "metadata.annotations.replicas: values must be strings; quote it");
    }

    [Fact]
    public void Decode_AcceptsAnyStringAsAnnotationValue()
    {
        var set = Yaml.Parse(Start + "  name: acme\n  annotations:\n    note: \"free text, with spaces / and: colons\"\n" + Spec);

        ErrorAssert.None(set.Errors);
        Assert.Equal("free text, with spaces / and: colons", Assert.Single(set.Manifests).Object.Metadata.Annotations!["note"]);
    }

    [Fact]
    public void Decode_RejectsAnnotationsOver256KiB_AtTheAnnotations()
    {
        var big = new string('x', 130 * 1024);

        ErrorAssert.Single(Errors($"  name: acme\n  annotations:\n    a: {big}\n    b: {big}\n"), "m.yaml", 6, 5,
            "metadata.annotations: over 256 KiB in total");
    }

    [Fact]
    public void Decode_RejectsLabelsThatAreNotAMapping()
    {
        ErrorAssert.Single(Errors("  name: acme\n  labels: [a, b]\n"), "m.yaml", 5, 11, "metadata.labels: expected a mapping of strings");
    }
}
