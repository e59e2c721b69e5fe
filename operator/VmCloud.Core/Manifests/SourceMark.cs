namespace VmCloud.Core.Manifests;

/// <summary>A place in a manifest file, as editors count: 1-based line and column.</summary>
public sealed record SourceMark(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
