using YamlDotNet.Serialization;

namespace VmCloud.Core.Catalog;

/// <summary>A 1-based line and column in a policy file.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>The start of a file, for problems that concern a whole file.</summary>
    public static SourcePosition FileStart { get; } = new(1, 1);
}

/// <summary>
/// Base of the YAML shapes the policy files deserialize into. It remembers where its mapping
/// starts, so semantic errors found after deserialization can still name a line.
/// </summary>
internal abstract class PositionedDocument
{
    /// <summary>Where this mapping starts; set by <see cref="PositionRecordingNodeDeserializer"/>.</summary>
    [YamlIgnore]
    public SourcePosition Position { get; set; } = SourcePosition.FileStart;
}
