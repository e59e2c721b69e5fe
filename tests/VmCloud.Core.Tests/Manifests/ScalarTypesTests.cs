using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>The YAML 1.2 core schema, not YAML 1.1: yes, on and 0b101 are strings, 017 is decimal.</summary>
public sealed class ScalarTypesTests
{
    private static readonly SourceMark Here = new("m.yaml", 1, 1);

    public static TheoryData<string, string> PlainScalars => new()
    {
        { "hello", "string" },
        { "web-1", "string" },
        { "42", "integer" },
        { "-7", "integer" },
        { "+7", "integer" },
        { "0", "integer" },
        { "017", "integer" },
        { "0x1F", "integer" },
        { "0xff", "integer" },
        { "0o17", "integer" },
        { "3.14", "float" },
        { "22.04", "float" },
        { "-0.5", "float" },
        { ".5", "float" },
        { "1.", "float" },
        { "1e3", "float" },
        { "6.02E+23", "float" },
        { ".inf", "float" },
        { "-.Inf", "float" },
        { ".NaN", "float" },
        { "true", "boolean" },
        { "True", "boolean" },
        { "FALSE", "boolean" },
        { "null", "null" },
        { "Null", "null" },
        { "NULL", "null" },
        { "~", "null" },
        { "", "null" },
        // YAML 1.1 spellings that the 1.2 core schema leaves as strings.
        { "yes", "string" },
        { "No", "string" },
        { "on", "string" },
        { "off", "string" },
        { "y", "string" },
        { "tRUE", "string" },
        { "nULL", "string" },
        { "0b101", "string" },
        { "1_000", "string" },
        { "0x", "string" },
        { "0o8", "string" },
        { "2024-01-02", "string" },
        { "12:30", "string" },
        { "1.2.3", "string" },
    };

    [Theory]
    [MemberData(nameof(PlainScalars))]
    public void Of_TypesPlainScalars_ByTheCoreSchema(string value, string expected) =>
        Assert.Equal(expected, ScalarTypes.Of(new YamlScalar(value, Plain: true, Tag: null, Here)));

    [Theory]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("3.14")]
    [InlineData("0x1F")]
    public void Of_TypesQuotedScalars_AsStrings(string value) =>
        Assert.Equal("string", ScalarTypes.Of(new YamlScalar(value, Plain: false, Tag: null, Here)));

    [Theory]
    [InlineData("tag:yaml.org,2002:str", "42", "string")]
    [InlineData("tag:yaml.org,2002:str", "true", "string")]
    [InlineData("tag:yaml.org,2002:int", "42", "integer")]
    [InlineData("tag:yaml.org,2002:float", "1", "float")]
    [InlineData("tag:yaml.org,2002:bool", "true", "boolean")]
    public void Of_FollowsCoreSchemaTags(string tag, string value, string expected) =>
        Assert.Equal(expected, ScalarTypes.Of(new YamlScalar(value, Plain: true, tag, Here)));

    [Fact]
    public void Of_ReadsTheTypeFromYamlText()
    {
        var (documents, _) = Yaml.Read("a: 42\nb: \"42\"\nc: '42'\nd: !!str 42\ne: |\n  42\n");
        var map = (YamlMap)documents[0];

        Assert.Equal(["integer", "string", "string", "string", "string"],
            map.Entries.Select(e => ScalarTypes.Of((YamlScalar)e.Value)));
    }

    [Theory]
    [InlineData("0", 0d)]
    [InlineData("42", 42d)]
    [InlineData("-42", -42d)]
    [InlineData("+42", 42d)]
    [InlineData("017", 17d)]
    [InlineData("0x1F", 31d)]
    [InlineData("0xff", 255d)]
    [InlineData("0o17", 15d)]
    [InlineData("9223372036854775807", 9223372036854775807d)]
    [InlineData("0x7FFFFFFFFFFFFFFF", 9223372036854775807d)]
    public void Integer_ReadsDecimalHexAndOctal(string text, double expected) =>
        Assert.Equal(expected, ScalarTypes.Integer(text));

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("0o7777777777777777777777")]
    public void Integer_IsNull_WhenOutOfRange(string text) =>
        Assert.Null(ScalarTypes.Integer(text));

    [Fact]
    public void Integer_IsNull_ForHexBeyondLongRange()
    {
        Assert.Null(ScalarTypes.Integer("0xFFFFFFFFFFFFFFFF"));
        Assert.Null(ScalarTypes.Integer("0x8000000000000000"));
    }

    [Theory]
    [InlineData("3.14", 3.14)]
    [InlineData("1e3", 1000d)]
    [InlineData("-.5", -0.5)]
    [InlineData("42", 42d)]
    public void Float_ReadsDecimalAndExponent(string text, double expected) =>
        Assert.Equal(expected, ScalarTypes.Float(text));

    [Theory]
    [InlineData(".inf")]
    [InlineData(".nan")]
    [InlineData("1e999")]
    public void Float_IsNull_ForValuesThatAreNotFinite(string text) =>
        Assert.Null(ScalarTypes.Float(text));
}
