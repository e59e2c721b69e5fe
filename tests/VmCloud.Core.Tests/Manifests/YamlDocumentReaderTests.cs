using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

public sealed class YamlDocumentReaderTests
{
    [Fact]
    public void Read_ReturnsEveryDocument_WithTheirPositions()
    {
        var (documents, error) = Yaml.Read("a: 1\n---\nb: 2\n---\n- c\n");

        Assert.Null(error);
        Assert.Equal([1, 3, 5], documents.Select(d => d.At.Line));
        Assert.IsType<YamlMap>(documents[0]);
        Assert.IsType<YamlList>(documents[2]);
        Assert.Equal(new SourceMark("m.yaml", 3, 1), ((YamlMap)documents[1]).Entries[0].Key.At);
    }

    [Theory]
    [InlineData("")]
    [InlineData("---\n---\n---\n")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n~\n---\nnull\n...\n")]
    public void Read_SkipsEmptyDocuments(string text)
    {
        var (documents, error) = Yaml.Read(text);

        Assert.Null(error);
        Assert.Empty(documents);
    }

    [Fact]
    public void Read_KeepsTheDocumentsAroundAnEmptyOne()
    {
        var (documents, error) = Yaml.Read("a: 1\n---\n---\nb: 2\n");

        Assert.Null(error);
        Assert.Equal([1, 4], documents.Select(d => d.At.Line));
    }

    [Fact]
    public void Read_RejectsInvalidYaml_AtTheParsersPosition()
    {
        var (_, error) = Yaml.Read("metadata:\n  name: x\n bad: [\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 3, 2), error.At);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[a\nb: c\n", 2, 2, "did not find expected ',' or ']'")]
    [InlineData("{a: 1\nb: 2\n", 2, 2, "did not find expected ',' or '}'")]
    [InlineData("a: [1, 2\n", 2, 1, "did not find expected ',' or ']'")]
    [InlineData("a: \"unterminated\n", 1, 4, "found unexpected end of stream")]
    public void Read_RejectsUnclosedFlowCollectionsAndQuotes_AtTheParsersPosition(string text, int line, int column, string gist)
    {
        var (_, error) = Yaml.Read(text);

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", line, column), error.At);
        Assert.Contains(gist, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsAnUnclosedFlowSequenceFollowedByAKey_InsteadOfCrashing()
    {
        var (_, error) = Yaml.Read("a: [1, 2\nb: 3\n");

        Assert.NotNull(error);
        Assert.Equal("m.yaml", error.At.File);
        Assert.InRange(error.At.Line, 1, 2);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsDuplicateKey_AtTheSecond_NamingTheFirstLine()
    {
        var (_, error) = Yaml.Read("metadata:\n  name: a\n  labels: {}\n  name: b\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 4, 3), error.At);
        Assert.Equal("duplicate key \"name\" (first at line 2); keep one", error.Message);
    }

    [Fact]
    public void Read_RejectsDuplicateKey_InAFlowMapping()
    {
        var (_, error) = Yaml.Read("labels: {a: x, b: y, a: z}\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 22), error.At);
        Assert.Contains("duplicate key \"a\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsAliasToUnknownAnchor_AtTheAlias()
    {
        var (_, error) = Yaml.Read("a: 1\nb: *missing\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 2, 4), error.At);
        Assert.Equal("alias *missing refers to no anchor defined before it", error.Message);
    }

    [Fact]
    public void Read_RejectsAliasToItsOwnAnchor_SoTheTreeHasNoCycle()
    {
        var (_, error) = Yaml.Read("a: &self [1, *self]\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 14), error.At);
        Assert.Contains("*self refers to no anchor defined before it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DoesNotCarryAnchorsIntoTheNextDocument()
    {
        var (documents, error) = Yaml.Read("a: &x 1\n---\nb: *x\n");

        Assert.Single(documents);
        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 3, 4), error.At);
    }

    [Fact]
    public void Read_ResolvesAliasesToTheAnchoredNode()
    {
        var (documents, error) = Yaml.Read("a: &x {k: v}\nb: *x\n");

        Assert.Null(error);
        var map = (YamlMap)documents[0];
        Assert.Same(map.Get("a"), map.Get("b"));
        Assert.Equal(1 + 2 + 2, map.ExpandedSize);
    }

    [Fact]
    public void Read_RejectsACustomTagOnAScalar_AtTheScalar()
    {
        var (_, error) = Yaml.Read("metadata:\n  name: !custom x\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 2, 9), error.At);
        Assert.Equal("YAML tag !custom is not supported; remove it", error.Message);
    }

    [Fact]
    public void Read_RejectsACustomTagOnAMapping_AtTheMapping()
    {
        var (_, error) = Yaml.Read("metadata: !custom\n  name: x\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 11), error.At);
        Assert.Contains("YAML tag !custom is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsAPythonTagOnASequence_AtTheSequence()
    {
        var (_, error) = Yaml.Read("spec: !!python/object/apply:os.system [\"id\"]\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 7), error.At);
        Assert.Contains("is not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: !!str 42\n")]
    [InlineData("a: !!int \"42\"\n")]
    [InlineData("a: !!map {b: 1}\n")]
    [InlineData("a: !!seq [1]\n")]
    public void Read_AcceptsCoreSchemaTags(string text)
    {
        var (documents, error) = Yaml.Read(text);

        Assert.Null(error);
        Assert.Single(documents);
    }

    [Fact]
    public void Read_RejectsAMappingAsAKey_AtTheKey()
    {
        var (_, error) = Yaml.Read("? [a, b]\n: c\n");

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 1, 3), error.At);
        Assert.Contains("mapping keys must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RejectsMoreDocumentsThanTheCap_AtTheFirstOneOver()
    {
        var limits = LoadLimits.Default with { MaxDocumentsPerFile = 2 };

        var (documents, error) = Yaml.Read("a: 1\n---\nb: 2\n---\nc: 3\n", limits);

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 5, 1), error.At);
        Assert.Equal("more than 2 YAML documents in one file; split the file", error.Message);
        Assert.Equal(2, documents.Count);
    }

    [Fact]
    public void Read_AcceptsExactlyTheCapOfDocuments()
    {
        var limits = LoadLimits.Default with { MaxDocumentsPerFile = 2 };

        var (documents, error) = Yaml.Read("a: 1\n---\nb: 2\n", limits);

        Assert.Null(error);
        Assert.Equal(2, documents.Count);
    }

    [Fact]
    public void Read_DoesNotCountATrailingEmptyDocument_AgainstTheCap()
    {
        var limits = LoadLimits.Default with { MaxDocumentsPerFile = 2 };

        var (documents, error) = Yaml.Read("a: 1\n---\nb: 2\n---\n", limits);

        Assert.Null(error);
        Assert.Equal(2, documents.Count);
    }

    [Fact]
    public void Read_RejectsMoreThanTheDefault1000Documents()
    {
        var text = string.Concat(Enumerable.Repeat("---\nx: 1\n", 1001));

        var (documents, error) = Yaml.Read(text);

        Assert.NotNull(error);
        Assert.Equal(new SourceMark("m.yaml", 2002, 1), error.At);
        Assert.Contains("more than 1000 YAML documents", error.Message, StringComparison.Ordinal);
        Assert.Equal(1000, documents.Count);
    }
}
