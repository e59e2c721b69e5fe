using VmCloud.Api.V1Alpha1;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>Values of the wrong type, nulls, and the typed objects the binder produces.</summary>
public sealed class SchemaTypeTests
{
    private const string Tenant = """
        apiVersion: vmcloud.io/v1alpha1
        kind: Tenant
        metadata:
          name: acme
        spec:
          billingContact: billing@acme.example.com

        """;

    [Fact]
    public void Decode_RejectsNumberWhereAStringIsNeeded_AndSaysToQuoteIt()
    {
        var set = Yaml.Parse(Tenant + "  displayName: 22.04\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 7, 16, "spec.displayName: expected a string, got the float 22.04; quote it: \"22.04\"");
    }

    [Theory]
    [InlineData("true", "boolean")]
    [InlineData("42", "integer")]
    [InlineData("0x1F", "integer")]
    public void Decode_RejectsTypedScalarWhereAStringIsNeeded(string value, string type)
    {
        var set = Yaml.Parse(Tenant + $"  displayName: {value}\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 7, 16, $"expected a string, got the {type} {value}; quote it");
    }

    [Fact]
    public void Decode_AcceptsQuotedNumberAsAString()
    {
        var set = Yaml.Parse(Tenant + "  displayName: \"22.04\"\n");

        ErrorAssert.None(set.Errors);
        Assert.Equal("22.04", Assert.IsType<Tenant>(Assert.Single(set.Manifests).Object).Spec.DisplayName);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("on")]
    public void Decode_RejectsNonBooleanWhereABooleanIsNeeded(string value)
    {
        var set = Yaml.Parse(Tenant + "  displayName: Acme\n  commitments:\n    annual: " + value + "\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 9, 13, $"spec.commitments.annual: expected a boolean, got \"{value}\"");
    }

    [Fact]
    public void Decode_SaysToRemoveTheQuotes_WhenABooleanIsQuoted()
    {
        var set = Yaml.Parse(Tenant + "  displayName: Acme\n  commitments:\n    annual: \"true\"\n");

        var error = ErrorAssert.Single(set.Errors, "m.yaml", 9, 13, "spec.commitments.annual");
        Assert.Contains("quote", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_RejectsBoolTagOnANonBooleanValue()
    {
        var set = Yaml.Parse(ManifestText.HypervisorNode("node-1") + "  unschedulable: !!bool yes\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 8, 18, "spec.unschedulable");
    }

    [Fact]
    public void Decode_RejectsFloatWhereAnIntegerIsNeeded()
    {
        var set = Yaml.Parse(Tenant + "  displayName: Acme\n  budget:\n    monthlyEuros: 99.5\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 9, 19, "spec.budget.monthlyEuros: expected an integer, got \"99.5\"");
    }

    [Theory]
    [InlineData("0x10")]
    [InlineData("0o20")]
    [InlineData("16")]
    [InlineData("+16")]
    public void Decode_ReadsIntegersInEveryCoreNotation(string size)
    {
        var set = Yaml.Parse(ManifestText.Volume("data", ns: "acme").Replace("sizeGiB: 10", $"sizeGiB: {size}", StringComparison.Ordinal));

        ErrorAssert.None(set.Errors);
        Assert.Equal(16, Assert.IsType<Volume>(Assert.Single(set.Manifests).Object).Spec.SizeGiB);
    }

    [Theory]
    [InlineData("  displayName: Acme\n  quotas: []\n", 8, 11, "spec.quotas: expected a mapping, got a list")]
    [InlineData("  displayName: Acme\n  quotas: none\n", 8, 11, "spec.quotas: expected a mapping, got the string \"none\"")]
    [InlineData("  displayName: Acme\n  budget:\n    monthlyEuros: 10\n    alertThresholds: 50\n", 10, 22, "spec.budget.alertThresholds: expected a list, got the integer \"50\"")]
    [InlineData("  displayName:\n    - Acme\n", 8, 5, "spec.displayName: expected a single string value, got a list")]
    public void Decode_RejectsWrongShape_AtTheValue(string spec, int line, int column, string gist)
    {
        var set = Yaml.Parse(Tenant + spec);

        ErrorAssert.Single(set.Errors, "m.yaml", line, column, gist);
    }

    [Fact]
    public void Decode_TreatsNullAsAbsent_ForOptionalFields()
    {
        var set = Yaml.Parse(Tenant + "  displayName: Acme\n  parent: ~\n  quotas: null\n  budget:\n");

        ErrorAssert.None(set.Errors);
        var tenant = Assert.IsType<Tenant>(Assert.Single(set.Manifests).Object);
        Assert.Null(tenant.Spec.Parent);
        Assert.Null(tenant.Spec.Quotas);
        Assert.Null(tenant.Spec.Budget);
    }

    [Fact]
    public void Decode_TreatsNullAsAbsent_ForRequiredFields()
    {
        var set = Yaml.Parse(Tenant + "  displayName: ~\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 6, 3, "spec.displayName is required: customer name shown on invoices and dashboards");
    }

    [Fact]
    public void Decode_RejectsEmptyListItem_AtTheItem()
    {
        var set = Yaml.Parse(Tenant + "  displayName: Acme\n  budget:\n    monthlyEuros: 10\n    alertThresholds: [50, ~, 100]\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 10, 27, "spec.budget.alertThresholds[1]: empty list item; remove it");
    }

    [Fact]
    public void Decode_RejectsWrongValueInAMap_AtTheValue()
    {
        var set = Yaml.Parse(Tenant + "  displayName: Acme\n  quotas:\n    gpus:\n      T4: \"3\"\n");

        ErrorAssert.Single(set.Errors, "m.yaml", 10, 11, "spec.quotas.gpus[T4]: expected an integer, got the string \"3\"; remove the quotes");
    }

    [Fact]
    public void Decode_ReportsEveryProblemOfADocument_NotJustTheFirst()
    {
        var set = Yaml.Parse(Tenant + "  displayName: 1\n  parent: Bad\n  colour: red\n");

        Assert.Equal([7, 8, 9], set.Errors.Select(e => e.At.Line));
    }

    [Fact]
    public void Decode_FillsDefaults_ForFieldsLeftOut()
    {
        var set = Yaml.Parse(ManifestText.VirtualServer("web", ns: "acme"));

        ErrorAssert.None(set.Errors);
        var server = Assert.IsType<VirtualServer>(Assert.Single(set.Manifests).Object);
        Assert.Equal(PowerState.Running, server.Spec.PowerState);
        Assert.Empty(server.Spec.Volumes);
    }
}
