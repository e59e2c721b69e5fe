using System.Text;

namespace VmCloud.Core.Manifests;

/// <summary>
/// Reads the YAML files of a directory tree, refusing what could hurt the reader or escape the
/// tree: links leading outside it, oversized files or trees, binary and non-UTF-8 files, and
/// anything that is not a regular file. Hidden entries (.git, .github) are skipped.
/// </summary>
public static class ManifestTreeReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] Utf16LeBom = [0xFF, 0xFE];
    private static readonly byte[] Utf16BeBom = [0xFE, 0xFF];

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
                errors.Add(new(Mark(path), $"more than {limits.MaxFiles:N0} manifest files in the tree; split the repository or raise the cap"));
                break;
            }
            var target = Target(path, realRoot, limits, errors);
            if (target is null) continue;
            if (ReadFile(target, path, relative, limits, errors) is not { } file) continue;
            treeBytes += Encoding.UTF8.GetByteCount(file.Text);
            if (treeBytes > limits.MaxTreeBytes)
            {
                errors.Add(new(Mark(path), $"the tree holds more than {Size(limits.MaxTreeBytes)} of manifests; split the repository or raise the cap"));
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
                if (IsManifest(entry.Name)) yield return (display, relative);
                else if (entry is DirectoryInfo)
                    errors.Add(new(Mark(display), "symbolic links to directories are not followed; move the manifests into the tree"));
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
            errors.Add(new(Mark(path), "symbolic links are not allowed here by policy; commit the file itself"));
            return null;
        }
        var full = NativeFiles.RealPath(path);
        if (full is null)
        {
            errors.Add(new(Mark(path), $"broken symbolic link to {info.LinkTarget}"));
            return null;
        }
        if (!full.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            errors.Add(new(Mark(path), $"symbolic link leads outside the tree (to {info.LinkTarget}); manifests must live inside it"));
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
                errors.Add(new(Mark(display), $"file is larger than the cap of {Size(limits.MaxFileBytes)}; split it into smaller files"));
                return null;
            }
            return Decode(buffer.AsSpan(0, length), display, relative, errors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new(Mark(display), $"cannot read the file: {e.Message}"));
            return null;
        }
    }

    private static SourceFile? Decode(ReadOnlySpan<byte> bytes, string display, string relative, List<ManifestError> errors)
    {
        if (bytes.StartsWith(Utf8Bom)) bytes = bytes[3..];
        else if (bytes.StartsWith(Utf16LeBom) || bytes.StartsWith(Utf16BeBom))
        {
            errors.Add(new(Mark(display), "the file is UTF-16; save it as UTF-8"));
            return null;
        }
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            errors.Add(new(Mark(display), $"binary file (a NUL byte at offset {nul}); only YAML text manifests belong here"));
            return null;
        }
        try
        {
            return new SourceFile(display, relative, StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + bytes[..Math.Max(0, e.Index)].Count((byte)'\n');
            errors.Add(new(new SourceMark(display, line, 1), "the file is not valid UTF-8; save it as UTF-8"));
            return null;
        }
    }

    private static bool IsManifest(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static string Join(string relative, string name) => relative.Length == 0 ? name : $"{relative}/{name}";

    private static SourceMark Mark(string path) => new(path, 1, 1);

    private static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MiB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes} bytes";
}
