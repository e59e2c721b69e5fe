using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VmCloud.Core.Manifests;

/// <summary>
/// Reads the documents of a YAML stream into <see cref="YamlValue"/> trees from the parser's events.
/// Building the tree here, rather than with YamlDotNet's representation model, keeps every bound in
/// one place: nesting depth, documents per file, alias expansion and duplicate keys, each reported
/// with its position instead of an exception.
/// </summary>
internal sealed class YamlDocumentReader(string file, LoadLimits limits)
{
    private readonly Dictionary<string, YamlValue> anchors = [];
    private Mark lastMark = YamlDotNet.Core.Mark.Empty;

    /// <summary>The non-empty documents of <paramref name="text"/>, or the first error met.</summary>
    public (IReadOnlyList<YamlValue> Documents, ManifestError? Error) Read(string text)
    {
        var documents = new List<YamlValue>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                anchors.Clear();
                var root = ReadNode(parser, depth: 0);
                parser.Consume<DocumentEnd>();
                if (root is YamlScalar { IsNull: true }) continue;
                if (documents.Count + 1 > limits.MaxDocumentsPerFile)
                    return (documents, Error(root.At, $"more than {limits.MaxDocumentsPerFile} YAML documents in one file; split the file"));
                if (root.ExpandedSize > limits.MaxExpandedNodes)
                    return (documents, Error(root.At, $"this document expands to more than {limits.MaxExpandedNodes:N0} nodes through YAML aliases; remove the aliases"));
                documents.Add(root);
            }
            parser.Consume<StreamEnd>();
            return (documents, null);
        }
        catch (ReadAborted e)
        {
            return (documents, e.Error);
        }
        catch (YamlException e)
        {
            return (documents, Error(Mark(e.Start), $"invalid YAML: {Sentence(e.Message)}"));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet reports some malformed input (an unclosed flow sequence followed by a key)
            // with other exceptions and no position: the best place we know is where parsing stopped.
            return (documents, Error(Mark(lastMark), $"invalid YAML: {Sentence(e.Message)}"));
        }
    }

    private YamlValue ReadNode(IParser parser, int depth)
    {
        lastMark = parser.Current!.Start;
        if (depth > limits.MaxDepth)
            throw new ReadAborted(Error(Mark(parser.Current!.Start), $"YAML nested deeper than {limits.MaxDepth} levels"));
        var node = parser.Current switch
        {
            AnchorAlias alias => Resolve(parser, alias),
            Scalar scalar => ReadScalar(parser, scalar),
            SequenceStart start => ReadSequence(parser, start, depth),
            MappingStart start => ReadMapping(parser, start, depth),
            var other => throw new YamlException(other!.Start, other.End, $"unexpected {other.GetType().Name}"),
        };
        return node;
    }

    private YamlValue Resolve(IParser parser, AnchorAlias alias)
    {
        parser.MoveNext();
        return anchors.TryGetValue(alias.Value.Value, out var target)
            ? target
            : throw new ReadAborted(Error(Mark(alias.Start), $"alias *{alias.Value.Value} refers to no anchor defined before it"));
    }

    private YamlScalar ReadScalar(IParser parser, Scalar scalar)
    {
        parser.MoveNext();
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        CheckTag(scalar.Tag, scalar.Start, "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null");
        var node = new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, tag, Mark(scalar.Start));
        return Remember(scalar.Anchor, node);
    }

    private YamlList ReadSequence(IParser parser, SequenceStart start, int depth)
    {
        CheckTag(start.Tag, start.Start, "tag:yaml.org,2002:seq");
        parser.MoveNext();
        var items = new List<YamlValue>();
        long size = 1;
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            var item = ReadNode(parser, depth + 1);
            items.Add(item);
            size = SaturatingAdd(size, item.ExpandedSize);
        }
        return Remember(start.Anchor, new YamlList(items, size, Mark(start.Start)));
    }

    private YamlMap ReadMapping(IParser parser, MappingStart start, int depth)
    {
        CheckTag(start.Tag, start.Start, "tag:yaml.org,2002:map");
        parser.MoveNext();
        var entries = new List<KeyValuePair<YamlScalar, YamlValue>>();
        var seen = new Dictionary<string, SourceMark>();
        long size = 1;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, depth + 1);
            if (keyNode is not YamlScalar key)
                throw new ReadAborted(Error(keyNode.At, "mapping keys must be plain strings"));
            if (!seen.TryAdd(key.Value, key.At))
                throw new ReadAborted(Error(key.At, $"duplicate key \"{key.Value}\" (first at line {seen[key.Value].Line}); keep one"));
            var value = ReadNode(parser, depth + 1);
            entries.Add(new(key, value));
            size = SaturatingAdd(size, value.ExpandedSize);
        }
        return Remember(start.Anchor, new YamlMap(entries, size, Mark(start.Start)));
    }

    // Only the core schema's own tags: others (!custom, !!python/object) mean something this reader does not do.
    private void CheckTag(TagName tag, Mark at, params string[] allowed)
    {
        if (!tag.IsEmpty && tag.Value != "!" && !allowed.Contains(tag.Value))
            throw new ReadAborted(Error(Mark(at), $"YAML tag {Shorthand(tag.Value)} is not supported; remove it"));
    }

    private static string Shorthand(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    private T Remember<T>(AnchorName anchor, T node) where T : YamlValue
    {
        if (!anchor.IsEmpty) anchors[anchor.Value] = node;
        return node;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private SourceMark Mark(Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static ManifestError Error(SourceMark at, string message) => new(at, message);

    // YamlDotNet messages end with their own position in parentheses; ours is already in front.
    private static string Sentence(string message)
    {
        var cut = message.IndexOf(" (Line:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    // Unwinds the recursive descent to Read, which turns it into the returned error.
    private sealed class ReadAborted(ManifestError error) : Exception(error.Message)
    {
        public ManifestError Error { get; } = error;
    }
}
