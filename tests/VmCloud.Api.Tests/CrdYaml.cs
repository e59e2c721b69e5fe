using VmCloud.Api;
using VmCloud.Crds.Generator;
using YamlDotNet.RepresentationModel;

namespace VmCloud.Api.Tests;

/// <summary>The generated CRD YAML of a kind parsed back with YamlDotNet, and ways to walk it.</summary>
internal static class CrdYaml
{
    /// <summary>Every kind's name, as theory data.</summary>
    public static TheoryData<string> KindNames => new(Kinds.All.Select(k => k.Kind));

    /// <summary>The generator's YAML for the kind, parsed.</summary>
    public static YamlMappingNode Load(string kind) => Parse(CrdFiles.Render(Kinds.Find(kind)!).Content);

    /// <summary>Parses one YAML document whose root is a mapping.</summary>
    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    /// <summary>The single version of the CRD.</summary>
    public static YamlMappingNode Version(YamlMappingNode crd) =>
        (YamlMappingNode)Assert.Single(Seq(crd, "spec", "versions"));

    /// <summary>The openAPIV3Schema of the CRD's version.</summary>
    public static YamlMappingNode OpenApiSchema(YamlMappingNode crd) => Map(Version(crd), "schema", "openAPIV3Schema");

    /// <summary>The schema node of a property path under openAPIV3Schema, e.g. "spec", "plan".</summary>
    public static YamlMappingNode Property(YamlMappingNode crd, params string[] names) =>
        names.Aggregate(OpenApiSchema(crd), (node, name) => Map(node, "properties", name));

    /// <summary>The mapping at a key path.</summary>
    public static YamlMappingNode Map(YamlMappingNode node, params string[] keys) =>
        keys.Aggregate(node, (n, key) => (YamlMappingNode)n.Children[new YamlScalarNode(key)]);

    /// <summary>The sequence at a key path.</summary>
    public static YamlSequenceNode Seq(YamlMappingNode node, params string[] keys) =>
        (YamlSequenceNode)Map(node, keys[..^1]).Children[new YamlScalarNode(keys[^1])];

    /// <summary>The scalar text at a key, or null when the key is absent.</summary>
    public static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    /// <summary>Whether the mapping has the key.</summary>
    public static bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>The texts of a sequence of scalars.</summary>
    public static List<string> Texts(YamlSequenceNode sequence) =>
        sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList();

    /// <summary>Every schema node under (and including) <paramref name="schema"/>, with its path.</summary>
    public static IEnumerable<(string Path, YamlMappingNode Node)> Walk(YamlMappingNode schema, string path = "")
    {
        yield return (path, schema);
        foreach (var (name, child) in Children(schema))
        {
            foreach (var nested in Walk(child, path + name)) yield return nested;
        }
    }

    /// <summary>Every named property at every depth (array items and map values included), with its path.</summary>
    public static IEnumerable<(string Path, YamlMappingNode Node)> Properties(YamlMappingNode schema) =>
        Walk(schema).Where(p => p.Path.Length > 0 && !p.Path.EndsWith("[]", StringComparison.Ordinal)
            && !p.Path.EndsWith("{}", StringComparison.Ordinal));

    private static IEnumerable<(string Name, YamlMappingNode Node)> Children(YamlMappingNode schema)
    {
        if (schema.Children.TryGetValue(new YamlScalarNode("properties"), out var properties))
        {
            foreach (var (key, value) in ((YamlMappingNode)properties).Children)
                yield return ("." + ((YamlScalarNode)key).Value, (YamlMappingNode)value);
        }
        if (schema.Children.TryGetValue(new YamlScalarNode("items"), out var items))
            yield return ("[]", (YamlMappingNode)items);
        if (schema.Children.TryGetValue(new YamlScalarNode("additionalProperties"), out var values))
            yield return ("{}", (YamlMappingNode)values);
    }
}
