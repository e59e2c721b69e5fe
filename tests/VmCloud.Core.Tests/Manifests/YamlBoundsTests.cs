using System.Text;
using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>Hostile YAML: deep nesting and alias bombs come back as errors, never as a crash or a hang.</summary>
public sealed class YamlBoundsTests
{
    [Fact]
    public void Read_RejectsTenThousandNestedFlowSequences_AtTheFirstTooDeep()
    {
        var text = new string('[', 10_000) + new string(']', 10_000) + "\n";

        var (documents, error) = Yaml.Read(text);

        Assert.Empty(documents);
        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 66), error.At);
        Assert.Equal("YAML nested deeper than 64 levels", error.Message);
    }

    [Fact]
    public void Read_RejectsTenThousandUnclosedFlowSequences()
    {
        var (_, error) = Yaml.Read(new string('[', 10_000));

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 66), error.At);
    }

    [Fact]
    public void Read_RejectsDeepBlockMappings_AtTheFirstTooDeepKey()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100; i++) text.Append(' ', 2 * i).Append("a:\n");

        var (_, error) = Yaml.Read(text.ToString());

        Assert.NotNull(error);
        // The mapping starting on line n is at depth n - 1, so its key on line 65 is the first at depth 65.
        Assert.Equal(new SourceMark("m.yaml", 65, 129), error.At);
        Assert.Contains("nested deeper than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void Read_AllowsNestingUpToMaxDepth(int brackets, bool accepted)
    {
        var limits = LoadLimits.Default with { MaxDepth = 3 };

        var (_, error) = Yaml.Read(new string('[', brackets) + new string(']', brackets), limits);

        Assert.Equal(accepted, error is null);
        if (!accepted) Assert.Equal(new SourceMark("m.yaml", 1, 5), error!.At);
    }

    [Fact]
    public void Read_RejectsABillionLaughs_ByTheExpansionCap()
    {
        var text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        var previous = "a";
        foreach (var name in new[] { "b", "c", "d", "e", "f", "g", "h", "i", "j" })
        {
            text.Append($"{name}: &{name} [{string.Join(", ", Enumerable.Repeat("*" + previous, 10))}]\n");
            previous = name;
        }

        var (documents, error) = Yaml.Read(text.ToString());

        Assert.Empty(documents);
        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 1), error.At);
        Assert.Equal("this document expands to more than 100,000 nodes through YAML aliases; remove the aliases", error.Message);
    }

    [Fact]
    public void Read_SaturatesTheExpandedSize_InsteadOfOverflowing()
    {
        // 40 levels of 10 aliases would be 10^40 nodes, far past long.MaxValue.
        var text = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 40; i++)
            text.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");

        var (_, error) = Yaml.Read(text.ToString());

        Assert.NotNull(error);
        Assert.Contains("expands to more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AllowsAliasesBelowTheExpansionCap()
    {
        // The root, then the list and its alias, 11 nodes each (keys are not counted).
        var limits = LoadLimits.Default with { MaxExpandedNodes = 1 + 11 + 11 };

        var (documents, error) = Yaml.Read("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: *a\n", limits);

        Assert.Null(error);
        Assert.Equal(23, documents[0].ExpandedSize);
    }

    [Fact]
    public void Read_CountsAliasExpansionAgainstTheCap_OneNodeOver()
    {
        var limits = LoadLimits.Default with { MaxExpandedNodes = 22 };

        var (_, error) = Yaml.Read("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: *a\n", limits);

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 1), error.At);
        Assert.Contains("more than 22 nodes", error.Message, StringComparison.Ordinal);
    }
}
