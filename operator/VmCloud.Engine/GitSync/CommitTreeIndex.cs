namespace VmCloud.Engine.GitSync;

/// <summary>A commit's listing, looked up by path: which entries exist and which folders they imply.</summary>
internal sealed class CommitTreeIndex
{
    private readonly Dictionary<string, GitTreeEntry> byPath = new(StringComparer.Ordinal);
    private readonly HashSet<string> folders = new(StringComparer.Ordinal) { "" };

    public CommitTreeIndex(IReadOnlyList<GitTreeEntry> entries)
    {
        Entries = entries;
        foreach (var entry in entries)
        {
            // A path listed twice is malformed; the first stands, and the reader refuses the others.
            byPath.TryAdd(entry.Path, entry);
            for (var slash = entry.Path.IndexOf('/'); slash >= 0; slash = entry.Path.IndexOf('/', slash + 1))
                folders.Add(entry.Path[..slash]);
        }
    }

    /// <summary>Every entry, in git's order.</summary>
    public IReadOnlyList<GitTreeEntry> Entries { get; }

    /// <summary>The entry at exactly <paramref name="path"/>.</summary>
    public bool TryGet(string path, out GitTreeEntry entry) => byPath.TryGetValue(path, out entry!);

    /// <summary>Whether some entry lies under <paramref name="path"/> ("" is the top folder).</summary>
    public bool IsFolder(string path) => folders.Contains(path);
}
