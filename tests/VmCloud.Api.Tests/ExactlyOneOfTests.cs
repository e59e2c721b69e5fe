using System.ComponentModel;
using VmCloud.Api.Crds;
using VmCloud.Api.Schema;

namespace VmCloud.Api.Tests;

/// <summary>[ExactlyOneOf] reaches the schema and becomes a CEL rule.</summary>
public sealed class ExactlyOneOfTests
{
    [Fact]
    public void SchemaBuilder_RecordsTheGroup_OnTheOriginNode()
    {
        var schema = SchemaBuilder.ForKind(Kinds.Find("CdnDistribution")!);
        var origin = schema.Properties!["spec"].Properties!["origin"];

        var group = Assert.Single(origin.ExactlyOneOf!);
        Assert.Equal(["url", "loadBalancer"], group);
    }

    [Fact]
    public void SchemaBuilder_Throws_WhenAGroupNamesAnUnknownProperty()
    {
        var kind = new KindInfo(nameof(Misspelt), typeof(Misspelt), "misspelts", [], Namespaced: true);

        var error = Assert.Throws<InvalidOperationException>(() => SchemaBuilder.ForKind(kind));
        Assert.Contains("lodBalancer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, "has(self.a) != has(self.b)", "set exactly one of a or b")]
    [InlineData(new[] { "a", "b", "c" }, "[has(self.a), has(self.b), has(self.c)].filter(x, x).size() == 1", "set exactly one of a, b or c")]
    public void ExactlyOneOfRule_IsCel(string[] names, string rule, string message) =>
        Assert.Equal(new CrdValidationRule(rule, message), CrdSchemaConverter.ExactlyOneOfRule(names));

    [Description("A kind with a mistake, for the test above.")]
    [CustomResource("misspelts")]
    public sealed record Misspelt : CustomResource<MisspeltSpec, MisspeltStatus>
    {
        public override string Kind { get; init; } = nameof(Misspelt);
    }

    [ExactlyOneOf("url", "lodBalancer")]
    public sealed record MisspeltSpec
    {
        public string? Url { get; init; }

        public string? LoadBalancer { get; init; }
    }

    public sealed record MisspeltStatus : ResourceStatus;
}
