namespace VmCloud.Core.Manifests;

/// <summary>
/// A parsed YAML node with its position. Aliases point at the anchored node itself, so the tree is a
/// DAG; <see cref="ExpandedSize"/> says how many nodes a full walk visits, which bounds alias bombs.
/// </summary>
public abstract record YamlValue(SourceMark At)
{
    /// <summary>Nodes visited when walking this value with aliases expanded (saturates at long.MaxValue).</summary>
    public abstract long ExpandedSize { get; }
}

/// <summary>A scalar; <see cref="Plain"/> scalars are typed by the YAML 1.2 core schema, quoted ones are strings.</summary>
public sealed record YamlScalar(string Value, bool Plain, string? Tag, SourceMark At) : YamlValue(At)
{
    /// <inheritdoc />
    public override long ExpandedSize => 1;

    /// <summary>True for <c>null</c>, <c>~</c> and an empty plain value.</summary>
    public bool IsNull => Tag is null or "tag:yaml.org,2002:null" && Plain && Value is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>A mapping, keys in document order.</summary>
public sealed record YamlMap(IReadOnlyList<KeyValuePair<YamlScalar, YamlValue>> Entries, long Size, SourceMark At) : YamlValue(At)
{
    /// <inheritdoc />
    public override long ExpandedSize => Size;

    /// <summary>The value of a key, or null when absent.</summary>
    public YamlValue? Get(string key) => Entries.FirstOrDefault(e => e.Key.Value == key).Value;
}

/// <summary>A sequence.</summary>
public sealed record YamlList(IReadOnlyList<YamlValue> Items, long Size, SourceMark At) : YamlValue(At)
{
    /// <inheritdoc />
    public override long ExpandedSize => Size;
}
