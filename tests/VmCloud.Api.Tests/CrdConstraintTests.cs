using VmCloud.Api.Schema;
using YamlDotNet.RepresentationModel;
using static VmCloud.Api.Tests.CrdYaml;

namespace VmCloud.Api.Tests;

/// <summary>The schema constraints survive the trip to YAML and back.</summary>
public sealed class CrdConstraintTests
{
    public static TheoryData<string> AllKinds => new(Kinds.All.Select(k => k.Kind));

    [Fact]
    public void VirtualServer_Plan_AllowsTheEightVpsPlans()
    {
        var plan = Property(Load("VirtualServer"), "spec", "plan");

        Assert.Equal(
            ["VPS-NANO", "VPS-STARTER", "VPS-PERFORMANCE", "VPS-BUSINESS", "VPS-ENTERPRISE", "VPS-ELITE", "VPS-TITANIUM", "VPS-QUANTUM"],
            Texts(Seq(plan, "enum")));
        Assert.Contains("plan", Texts(Seq(Property(Load("VirtualServer"), "spec"), "required")));
    }

    [Theory]
    [InlineData("VirtualServer")]
    [InlineData("GpuInstance")]
    public void PowerState_IsRunningOrStopped_DefaultRunning(string kind)
    {
        var powerState = Property(Load(kind), "spec", "powerState");

        Assert.Equal(["Running", "Stopped"], Texts(Seq(powerState, "enum")));
        Assert.Equal("Running", Text(powerState, "default"));
    }

    [Fact]
    public void Volume_SizeGiB_IsAnIntegerFromOne()
    {
        var size = Property(Load("Volume"), "spec", "sizeGiB");

        Assert.Equal("integer", Text(size, "type"));
        Assert.Equal("1", Text(size, "minimum"));
        Assert.Equal("65536", Text(size, "maximum"));
    }

    [Theory]
    [InlineData("Tenant", "Cluster")]
    [InlineData("HypervisorNode", "Cluster")]
    [InlineData("VirtualServer", "Namespaced")]
    [InlineData("Volume", "Namespaced")]
    public void Crd_Scope_FollowsTheAttribute(string kind, string scope) =>
        Assert.Equal(scope, Text(Map(Load(kind), "spec"), "scope"));

    [Fact]
    public void CdnOrigin_HasCelRule_ExactlyOneOfUrlOrLoadBalancer()
    {
        var origin = Property(Load("CdnDistribution"), "spec", "origin");

        var rule = (YamlMappingNode)Assert.Single(Seq(origin, "x-kubernetes-validations"));
        Assert.Equal("has(self.url) != has(self.loadBalancer)", Text(rule, "rule"));
        Assert.Equal("set exactly one of url or loadBalancer", Text(rule, "message"));
    }

    [Fact]
    public void LoadBalancer_Listeners_BoundTheListAndEachPort()
    {
        var listeners = Property(Load("LoadBalancer"), "spec", "listeners");

        Assert.Equal("1", Text(listeners, "minItems"));
        Assert.Equal("32", Text(listeners, "maxItems"));
        var port = Map(listeners, "items", "properties", "port");
        Assert.Equal(("1", "65535"), (Text(port, "minimum"), Text(port, "maximum")));
        Assert.Equal("10", Text(Property(Load("LoadBalancer"), "spec", "healthCheck", "intervalSeconds"), "default"));
    }

    [Fact]
    public void Tenant_GpuQuotas_AreAMapOfIntegers()
    {
        var gpus = Property(Load("Tenant"), "spec", "quotas", "gpus");

        Assert.Equal("object", Text(gpus, "type"));
        Assert.Equal("integer", Text(Map(gpus, "additionalProperties"), "type"));
        Assert.False(Has(gpus, "properties"));
    }

    [Theory]
    [InlineData("CdnDistribution", "spec", "wafMode")]
    [InlineData("VirtualServer", "status", "conditions")]
    public void YamlBooleanLookalikes_AreQuoted_SoTheyStayStrings(string kind, string part, string field)
    {
        var node = Property(Load(kind), part, field);
        var enumNode = Has(node, "items") ? Map(node, "items", "properties", "status") : node;
        var values = Seq(enumNode, "enum").Children.Cast<YamlScalarNode>();

        // YAML 1.1 (sigs.k8s.io/yaml) reads a plain Off or True as a boolean.
        Assert.All(values.Where(v => v.Value is "Off" or "True" or "False"), v => Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, v.Style));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Crd_DescriptionsPatternsAndBounds_RoundTripExactly(string kind)
    {
        var source = SchemaBuilder.ForKind(Kinds.Find(kind)!);
        var parsed = OpenApiSchema(Load(kind));

        AssertSame(source, parsed, kind);
    }

    private static void AssertSame(SchemaNode source, YamlMappingNode parsed, string path)
    {
        if (source.IsEmbeddedMetadata) return;
        Assert.True(source.Description == Text(parsed, "description"), $"description of {path}");
        Assert.True(source.Pattern == Text(parsed, "pattern"), $"pattern of {path}");
        Assert.True(Whole(source.Minimum) == Text(parsed, "minimum"), $"minimum of {path}");
        Assert.True(Whole(source.Maximum) == Text(parsed, "maximum"), $"maximum of {path}");
        Assert.Equal(source.Enum, Has(parsed, "enum") ? Texts(Seq(parsed, "enum")) : null);
        foreach (var (name, child) in source.Properties ?? new Dictionary<string, SchemaNode>())
            AssertSame(child, Map(parsed, "properties", name), $"{path}.{name}");
        if (source.Items is not null) AssertSame(source.Items, Map(parsed, "items"), path + "[]");
        if (source.AdditionalProperties is not null) AssertSame(source.AdditionalProperties, Map(parsed, "additionalProperties"), path + "{}");
    }

    // Every bound of the current kinds is whole; a fractional one would need its own comparison.
    private static string? Whole(double? value) =>
        value?.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
