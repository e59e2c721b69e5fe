using System.Text;
using VmCloud.Core.Manifests;
using static VmCloud.Engine.GitSync.CommitTreePaths;

namespace VmCloud.Engine.GitSync;

/// <summary>
/// Reads the manifests of a commit straight from git's object database, accepting and refusing
/// what <see cref="ManifestTreeReader"/> does for a directory, with the same messages — plus what
/// only a hostile commit can hold: paths with '..', '.git' or control characters, and submodules.
/// Everything is decided from the tree's listing (paths, modes, sizes) before any file is read,
/// so caps hold however large the blobs are; link targets, a few bytes each, are read first.
/// </summary>
/// <remarks>
/// Display paths are the paths inside the repository (<c>tenants/acme/web.yaml</c>); relative
/// paths are under <c>directory</c>. Unlike the directory reader, the tree cap adds the sizes the
/// listing gives, before decoding, so a file refused later as binary still counts towards it.
/// </remarks>
public static class CommitTreeReader
{
    /// <summary>Longest link target read: PATH_MAX. A longer "link" is no link a checkout could make.</summary>
    public const int MaxLinkTargetBytes = 4096;

    private const string SubmoduleRefused = "submodules are not followed; commit the manifests themselves";
    private const string NotRegular = "not a regular file; manifests must be plain files";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private enum Kind { Refused, File, Link, Probe }

    // One entry to consider, in reading order: refused from the listing alone, a file, a link to a
    // manifest, or a link with another name that is only checked for leading to a folder.
    private sealed record Slot(Kind Kind, string Display, string Relative, GitTreeEntry? Entry, string? Error = null);

    private sealed record Accepted(string Display, string Relative, string ObjectId);

    /// <summary>
    /// The manifest files of <paramref name="commit"/> under <paramref name="directory"/> (a
    /// '/'-separated path in the repository; null for the whole tree), and the errors met, each at a file.
    /// </summary>
    /// <exception cref="GitException">git could not list the tree or read its blobs.</exception>
    public static async Task<(IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors)> ReadAsync(
        IGitClient git, string commit, string? directory, LoadLimits limits, CancellationToken cancellationToken)
    {
        var (root, rootError) = NormaliseDirectory(directory);
        if (root is null) return ([], [new(ManifestContent.Mark(GitText.Printable(directory!)), rootError!)]);
        var tree = new CommitTreeIndex(await git.ListTreeAsync(commit, cancellationToken));
        var (slots, linkRoot) = Plan(tree, root);
        if (slots is null) return ([], [new(ManifestContent.Mark(root), "no such file or directory")]);
        var links = await ReadLinksAsync(git, slots, limits, cancellationToken);
        var (outcomes, accepted) = Decide(slots, tree, linkRoot, links, limits);
        var blobs = accepted.Count == 0 ? [] : await git.ReadBlobsAsync(accepted.Select(a => a.ObjectId).ToList(), cancellationToken);
        var files = new List<SourceFile>();
        var errors = new List<ManifestError>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Error is not null) errors.Add(outcome.Error);
            else if (Decode(accepted[outcome.Index], blobs[outcome.Index], limits, errors) is { } file) files.Add(file);
        }
        return (files, errors);
    }

    // The entries to consider, in the directory reader's order, and the folder links must stay in;
    // null slots when the directory is absent.
    private static (List<Slot>? Slots, string LinkRoot) Plan(CommitTreeIndex tree, string root)
    {
        if (!tree.IsFolder(root))
        {
            // A single file given as the root, as the directory reader allows; its link may lead anywhere in the repository.
            if (!tree.TryGet(root, out var single)) return (null, "");
            var kind = single.IsFile ? Kind.File : single.Mode == GitTreeEntry.SymlinkMode ? Kind.Link : Kind.Refused;
            return ([new Slot(kind, root, NameOf(root), single, kind == Kind.Refused ? NotRegular : null)], "");
        }
        var prefix = root.Length == 0 ? "" : root + "/";
        var slots = new List<Slot>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, relative) in tree.Entries
                     .Where(e => e.Path.StartsWith(prefix, StringComparison.Ordinal))
                     .Select(e => (Entry: e, Relative: e.Path[prefix.Length..]))
                     .OrderBy(e => e.Relative, ReaderOrder))
        {
            if (Classify(entry, relative, seen) is { } slot) slots.Add(slot);
        }
        return (slots, root);
    }

    private static Slot? Classify(GitTreeEntry entry, string relative, HashSet<string> seen)
    {
        var manifest = ManifestContent.IsManifestName(NameOf(entry.Path));
        var link = entry.Mode == GitTreeEntry.SymlinkMode;
        var submodule = entry.Mode == GitTreeEntry.SubmoduleMode;
        if (!manifest && !link && !submodule) return null;
        var display = GitText.Printable(entry.Path);
        // Checked before hidden entries are skipped: ".git" is hidden too, and must be refused, not ignored.
        if (Problem(entry.Path) is { } problem) return Refuse(display, relative, $"path outside the tree: {problem}; remove the entry from the repository");
        if (IsHidden(relative)) return null;
        if (!seen.Add(entry.Path)) return Refuse(display, relative, "the tree lists this path twice; the commit is malformed");
        if (submodule) return Refuse(display, relative, SubmoduleRefused);
        if (link) return new Slot(manifest ? Kind.Link : Kind.Probe, display, relative, entry);
        return entry.IsFile ? new Slot(Kind.File, display, relative, entry) : Refuse(display, relative, NotRegular);
    }

    // The targets of the links that matter, decoded; null for a target that is no readable path.
    private static async Task<Dictionary<string, string?>> ReadLinksAsync(IGitClient git, List<Slot> slots, LoadLimits limits, CancellationToken cancellationToken)
    {
        var ids = slots
            .Where(s => s.Kind == Kind.Probe || (s.Kind == Kind.Link && limits.FollowSymlinks))
            .Where(s => s.Entry!.Size is >= 0 and <= MaxLinkTargetBytes)
            .Select(s => s.Entry!.ObjectId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var targets = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (ids.Count == 0) return targets;
        var blobs = await git.ReadBlobsAsync(ids, cancellationToken);
        for (var i = 0; i < ids.Count; i++) targets[ids[i]] = LinkText(blobs[i]);
        return targets;
    }

    private static string? LinkText(byte[] blob)
    {
        if (blob.Length is 0 or > MaxLinkTargetBytes) return null;
        try
        {
            var text = StrictUtf8.GetString(blob);
            return text.Any(char.IsControl) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // Applies the caps and resolves links in reading order, as the directory reader does: the file
    // count is checked before anything else about a manifest, and both caps end the reading.
    private static (List<(ManifestError? Error, int Index)> Outcomes, List<Accepted> Accepted) Decide(
        List<Slot> slots, CommitTreeIndex tree, string linkRoot, Dictionary<string, string?> links, LoadLimits limits)
    {
        var outcomes = new List<(ManifestError? Error, int Index)>();
        var accepted = new List<Accepted>();
        long treeBytes = 0;
        foreach (var slot in slots)
        {
            var at = ManifestContent.Mark(slot.Display);
            if (slot.Kind == Kind.Refused)
            {
                outcomes.Add((new(at, slot.Error!), -1));
                continue;
            }
            if (slot.Kind == Kind.Probe)
            {
                if (links.GetValueOrDefault(slot.Entry!.ObjectId) is { } text && LeadsToFolder(slot.Entry.Path, text, tree))
                    outcomes.Add((new(at, ManifestContent.LinkToDirectory), -1));
                continue;
            }
            if (accepted.Count >= limits.MaxFiles)
            {
                outcomes.Add((new(at, ManifestContent.TooManyFiles(limits.MaxFiles)), -1));
                break;
            }
            var (target, error) = slot.Kind == Kind.Link ? FollowLink(slot, tree, linkRoot, links, limits) : (slot.Entry!, null);
            if (target is null)
            {
                outcomes.Add((new(at, error!), -1));
                continue;
            }
            if (target.Size > limits.MaxFileBytes)
            {
                outcomes.Add((new(at, ManifestContent.FileTooLarge(limits.MaxFileBytes)), -1));
                continue;
            }
            treeBytes += Math.Max(0, target.Size);
            if (treeBytes > limits.MaxTreeBytes)
            {
                outcomes.Add((new(at, ManifestContent.TreeTooLarge(limits.MaxTreeBytes)), -1));
                break;
            }
            outcomes.Add((null, accepted.Count));
            accepted.Add(new Accepted(slot.Display, slot.Relative, target.ObjectId));
        }
        return (outcomes, accepted);
    }

    // The entry a link to a manifest stands for, or why it is refused.
    private static (GitTreeEntry? Target, string? Error) FollowLink(Slot slot, CommitTreeIndex tree, string linkRoot, Dictionary<string, string?> links, LoadLimits limits)
    {
        if (!limits.FollowSymlinks) return (null, ManifestContent.LinksRefusedByPolicy);
        if (links.GetValueOrDefault(slot.Entry!.ObjectId) is not { } text)
            return (null, ManifestContent.BrokenLink("a target that is not a path"));
        var resolved = text.StartsWith('/') ? null : Resolve(FolderOf(slot.Entry.Path), text);
        if (resolved is null || !IsUnder(resolved, linkRoot) || Problem(resolved) is not null)
            return (null, ManifestContent.LinkOutsideTree(text));
        if (tree.TryGet(resolved, out var target))
        {
            if (target.IsFile) return (target, null);
            return target.Mode == GitTreeEntry.SymlinkMode
                ? (null, $"symbolic link to another symbolic link (to {text}); link to the file itself")
                : (null, ManifestContent.BrokenLink(text));
        }
        return (null, tree.IsFolder(resolved) ? ManifestContent.LinkToDirectory : ManifestContent.BrokenLink(text));
    }

    private static bool LeadsToFolder(string linkPath, string text, CommitTreeIndex tree) =>
        !text.StartsWith('/') && Resolve(FolderOf(linkPath), text) is { } resolved && tree.IsFolder(resolved);

    private static SourceFile? Decode(Accepted file, byte[] blob, LoadLimits limits, List<ManifestError> errors)
    {
        // The listing gave the size; the blob itself is checked again in case a client lied.
        if (blob.Length > limits.MaxFileBytes)
        {
            errors.Add(new(ManifestContent.Mark(file.Display), ManifestContent.FileTooLarge(limits.MaxFileBytes)));
            return null;
        }
        return ManifestContent.Decode(blob, file.Display, file.Relative, errors);
    }

    private static Slot Refuse(string display, string relative, string error) => new(Kind.Refused, display, relative, null, error);
}
