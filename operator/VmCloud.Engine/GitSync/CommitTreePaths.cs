namespace VmCloud.Engine.GitSync;

/// <summary>
/// Lexical rules for the paths a commit's tree lists, which a hostile commit may fill with
/// anything git's own checks let through: what makes a path unsafe, how a link's target resolves,
/// and the order a directory reader would visit files in.
/// </summary>
internal static class CommitTreePaths
{
    /// <summary>The order of <c>ManifestTreeReader</c>'s walk: a folder's files by name, then its subfolders by name, depth first.</summary>
    public static IComparer<string> ReaderOrder { get; } = Comparer<string>.Create(CompareReaderOrder);

    /// <summary>Why <paramref name="path"/> could lead out of the tree or into git's own files, or null when it is safe.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0) return "it is empty";
        if (path.StartsWith('/')) return "it is absolute";
        if (path.Any(char.IsControl)) return "it holds a control character";
        if (path.Contains('\uFFFD', StringComparison.Ordinal)) return "it is not valid UTF-8";
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0) return "it has an empty component";
            if (part is "." or "..") return $"it has a '{part}' component";
            if (part.Equals(".git", StringComparison.OrdinalIgnoreCase)) return "it has a .git component";
        }
        return null;
    }

    /// <summary>Whether a component of <paramref name="relative"/> is hidden (.github, .hidden.yaml), which readers skip.</summary>
    public static bool IsHidden(string relative) => relative.Split('/').Any(part => part.StartsWith('.'));

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies under it ("" is the whole repository).</summary>
    public static bool IsUnder(string path, string root) =>
        root.Length == 0 || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    /// <summary>The folder of a path: "" at the top.</summary>
    public static string FolderOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";

    /// <summary>The last component of a path.</summary>
    public static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>
    /// Where a relative link target leads from <paramref name="folder"/>, resolved without touching
    /// any file system ('.' and empty components dropped, '..' going up); null when it goes above the repository.
    /// </summary>
    public static string? Resolve(string folder, string target)
    {
        var parts = new List<string>();
        foreach (var part in (folder.Length == 0 ? target : folder + "/" + target).Split('/'))
        {
            if (part is "" or ".") continue;
            if (part != "..") parts.Add(part);
            else if (parts.Count == 0) return null;
            else parts.RemoveAt(parts.Count - 1);
        }
        return string.Join('/', parts);
    }

    /// <summary>A directory argument as a repository path: "" for the whole tree; null when it is unsafe.</summary>
    public static (string? Root, string? Error) NormaliseDirectory(string? directory)
    {
        if (directory is null) return ("", null);
        var root = directory.Trim('/');
        while (root.StartsWith("./", StringComparison.Ordinal)) root = root[2..];
        if (root is "" or ".") return ("", null);
        return Problem(root) is { } problem
            ? (null, $"the directory is not a path inside the repository: {problem}")
            : (root, null);
    }

    private static int CompareReaderOrder(string? a, string? b)
    {
        var left = (a ?? "").Split('/');
        var right = (b ?? "").Split('/');
        for (var i = 0; ; i++)
        {
            var leftIsName = i == left.Length - 1;
            var rightIsName = i == right.Length - 1;
            if (leftIsName != rightIsName) return leftIsName ? -1 : 1;
            var order = string.CompareOrdinal(left[i], right[i]);
            if (order != 0 || leftIsName) return order;
        }
    }
}
