using VmCloud.Crds.Generator;
using YamlDotNet.RepresentationModel;
using static VmCloud.Api.Tests.CrdYaml;

namespace VmCloud.Api.Tests;

/// <summary>Scalars keep their exact text and type through the YAML writer.</summary>
public sealed class YamlTreeWriterTests
{
    [Theory]
    [InlineData("Off", true)]
    [InlineData("true", true)]
    [InlineData("NO", true)]
    [InlineData("y", true)]
    [InlineData("null", true)]
    [InlineData("~", true)]
    [InlineData("", true)]
    [InlineData("123", true)]
    [InlineData("1.5", true)]
    [InlineData("-1", true)]
    [InlineData(".5", true)]
    [InlineData(".inf", true)]
    [InlineData("2024-01-01", true)]
    [InlineData("Running", false)]
    [InlineData("VPS-NANO", false)]
    [InlineData("HTTP3", false)]
    [InlineData("-o wide", false)]
    public void LooksLikeNonString_FlagsWhatAPlainScalarWouldRetype(string text, bool expected) =>
        Assert.Equal(expected, YamlTreeWriter.LooksLikeNonString(text));

    [Theory]
    [InlineData("Where: an https URL, exactly one.")]
    [InlineData("e.g. {\"A100-80GB\": 8}.")]
    [InlineData("# not a comment")]
    [InlineData("- not a list")]
    [InlineData("'single' and \"double\" quotes")]
    [InlineData("trailing space ")]
    [InlineData("a \\ backslash, a tab\tand ünïcödé")]
    [InlineData("two\nlines")]
    [InlineData("@at and `backtick")]
    [InlineData("Off")]
    [InlineData("10")]
    public void Write_KeepsEveryStringExactly(string text)
    {
        var tree = new OrderedDictionary<string, object> { ["value"] = text, ["list"] = new List<object> { text } };

        var parsed = Parse(YamlTreeWriter.Write([], tree));

        Assert.Equal(text, Text(parsed, "value"));
        Assert.Equal([text], Texts(Seq(parsed, "list")));
        var scalar = (YamlScalarNode)parsed.Children[new YamlScalarNode("value")];
        if (YamlTreeWriter.LooksLikeNonString(text)) Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, scalar.Style);
    }

    [Fact]
    public void Write_NumbersAndBooleans_ArePlain_WholeNumbersWithoutDecimalPoint()
    {
        var tree = new OrderedDictionary<string, object> { ["i"] = 1, ["l"] = 9_000_000_000L, ["d"] = 0.3, ["b"] = true };

        var yaml = YamlTreeWriter.Write(["header"], tree);

        Assert.Equal("# header\ni: 1\nl: 9000000000\nd: 0.3\nb: true\n", yaml);
    }

    [Fact]
    public void Write_EmptyMap_IsFlowBraces_AndSequencesAreNotIndented()
    {
        var tree = new OrderedDictionary<string, object>
        {
            ["status"] = new OrderedDictionary<string, object>(),
            ["names"] = new List<object> { "a", "b" },
        };

        Assert.Equal("status: {}\nnames:\n- a\n- b\n", YamlTreeWriter.Write([], tree));
    }
}
