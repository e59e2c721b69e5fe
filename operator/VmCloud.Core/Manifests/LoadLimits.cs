namespace VmCloud.Core.Manifests;

/// <summary>
/// Caps that keep a hostile or broken tree from exhausting the process. The defaults fit a large
/// GitOps repository (10,000 manifests) with room to spare.
/// </summary>
public sealed record LoadLimits
{
    /// <summary>Largest manifest file read.</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>Most manifest files in one tree.</summary>
    public int MaxFiles { get; init; } = 50_000;

    /// <summary>Most bytes of manifests in one tree.</summary>
    public long MaxTreeBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Most YAML documents in one file.</summary>
    public int MaxDocumentsPerFile { get; init; } = 1_000;

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes of one document once aliases are expanded.</summary>
    public long MaxExpandedNodes { get; init; } = 100_000;

    /// <summary>Whether symbolic links inside the tree are followed; links leaving it are always refused.</summary>
    public bool FollowSymlinks { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static LoadLimits Default { get; } = new();
}
