using System.Text;

namespace VmCloud.Core.Manifests;

/// <summary>
/// Reads the YAML files of a directory tree, refusing what could hurt the reader or escape the
/// tree: links leading outside it, oversized files or trees, binary and non-UTF-8 files, and
/// anything that is not a regular file. Hidden entries (.git, .github) are skipped.
/// </summary>
public static class ManifestTreeReader
{
    /// <summary>The files of the tree at <paramref name="root"/> (a directory or a single file), and the errors met.</summary>
    public static (IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors) Read(string root, LoadLimits limits)
    {
        var files = new List<SourceFile>();
        var errors = new List<ManifestError>();
        if (File.Exists(root))
        {
            if (ReadFile(root, root, Path.GetFileName(root), limits, errors) is { } single) files.Add(single);
            return (files, errors);
        }
        if (!Directory.Exists(root))
        {
            errors.Add(new(new SourceMark(root, 1, 1), "no such file or directory"));
            return (files, errors);
        }
        var realRoot = NativeFiles.RealPath(root) ?? Path.GetFullPath(root);
        long treeBytes = 0;
        foreach (var (path, relative) in Walk(root, errors))
        {
            if (files.Count >= limits.MaxFiles)
            {
                errors.Add(new(Mark(path), ManifestContent.TooManyFiles(limits.MaxFiles)));
                break;
            }
            var target = Target(path, realRoot, limits, errors);
            if (target is null) continue;
            if (ReadFile(target, path, relative, limits, errors) is not { } file) continue;
            treeBytes += Encoding.UTF8.GetByteCount(file.Text);
            if (treeBytes > limits.MaxTreeBytes)
            {
                errors.Add(new(Mark(path), ManifestContent.TreeTooLarge(limits.MaxTreeBytes)));
                break;
            }
            files.Add(file);
        }
        return (files, errors);
    }

    // Depth-first, sorted, so errors and objects come in the same order on every run. Paths are
    // shown under the root as the user gave it.
    private static IEnumerable<(string Path, string Relative)> Walk(string root, List<ManifestError> errors)
    {
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.TryPop(out var directory))
        {
            var entries = new DirectoryInfo(Path.Combine(root, directory)).EnumerateFileSystemInfos()
                .Where(e => !e.Name.StartsWith('.'))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            foreach (var entry in entries.Where(e => e is DirectoryInfo && e.LinkTarget is null).Reverse())
                pending.Push(Join(directory, entry.Name));
            foreach (var entry in entries.Where(e => e is FileInfo || e.LinkTarget is not null))
            {
                var relative = Join(directory, entry.Name);
                var display = Path.Combine(root, relative);
                if (ManifestContent.IsManifestName(entry.Name)) yield return (display, relative);
                else if (entry is DirectoryInfo)
                    errors.Add(new(Mark(display), ManifestContent.LinkToDirectory));
            }
        }
    }

    // Where a path really leads: itself, or the target of its link when the link stays inside the tree.
    private static string? Target(string path, string realRoot, LoadLimits limits, List<ManifestError> errors)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null) return path;
        if (!limits.FollowSymlinks)
        {
            errors.Add(new(Mark(path), ManifestContent.LinksRefusedByPolicy));
            return null;
        }
        var full = NativeFiles.RealPath(path);
        if (full is null)
        {
            errors.Add(new(Mark(path), ManifestContent.BrokenLink(info.LinkTarget)));
            return null;
        }
        if (!full.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            errors.Add(new(Mark(path), ManifestContent.LinkOutsideTree(info.LinkTarget)));
            return null;
        }
        return full;
    }

    private static SourceFile? ReadFile(string path, string display, string relative, LoadLimits limits, List<ManifestError> errors)
    {
        try
        {
            // Opening a FIFO or device would block or never end: only regular files are read.
            if (!NativeFiles.IsRegularFile(path))
            {
                errors.Add(new(Mark(display), "not a regular file; manifests must be plain files"));
                return null;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            var buffer = new byte[Math.Min(limits.MaxFileBytes + 1, Math.Max(stream.Length + 1, 1))];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (length > limits.MaxFileBytes)
            {
                errors.Add(new(Mark(display), ManifestContent.FileTooLarge(limits.MaxFileBytes)));
                return null;
            }
            return ManifestContent.Decode(buffer.AsSpan(0, length), display, relative, errors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new(Mark(display), $"cannot read the file: {e.Message}"));
            return null;
        }
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : $"{relative}/{name}";

    private static SourceMark Mark(string path) => ManifestContent.Mark(path);
}
