namespace VmCloud.Engine.GitSync;

/// <summary>
/// One local Git repository, read and fetched through the <c>git</c> command line: the operator's
/// bare mirror of a remote, or a user's clone for <c>vmcl plan --repo</c>. Commits are read from
/// the object database, never checked out, so nothing a repository holds is ever written to disk
/// as a file, followed as a link or run as a hook.
/// </summary>
public interface IGitClient
{
    /// <summary>
    /// Fetches <paramref name="refName"/> (a branch name such as <c>main</c>, or a full ref such as
    /// <c>refs/pull/7/head</c>) from the remote into the local repository, force-updating the local
    /// copy so force-pushes are followed, and returns the commit id it points at.
    /// </summary>
    /// <exception cref="GitException">Unreachable, timed out, unknown ref, refused by policy; the message never holds a credential.</exception>
    Task<string> FetchAsync(string refName, CancellationToken cancellationToken);

    /// <summary>The full commit id of a revision (sha, branch, tag, HEAD~1, ...).</summary>
    /// <exception cref="GitException">No such revision, or not a commit.</exception>
    Task<string> ResolveCommitAsync(string revision, CancellationToken cancellationToken);

    /// <summary>Every entry of the commit's tree, recursively, blobs and links and submodules alike, in git's order.</summary>
    Task<IReadOnlyList<GitTreeEntry>> ListTreeAsync(string commit, CancellationToken cancellationToken);

    /// <summary>The contents of blobs, in the order asked.</summary>
    /// <exception cref="GitException">An id is not a full object id, or names no blob in the repository.</exception>
    Task<IReadOnlyList<byte[]>> ReadBlobsAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken);

    /// <summary>The commit's author, date and subject line.</summary>
    Task<GitCommitInfo> DescribeCommitAsync(string commit, CancellationToken cancellationToken);
}

/// <summary>One entry of a commit tree, as <c>git ls-tree -r -l -z</c> lists it.</summary>
/// <param name="Path">'/'-separated path inside the repository, as recorded (not normalised: a hostile tree may hold anything).</param>
/// <param name="Mode">Git's mode: 100644 or 100755 (file), 120000 (symbolic link), 160000 (submodule), 040000 (tree).</param>
/// <param name="ObjectId">The blob (or commit, for a submodule) id.</param>
/// <param name="Size">The blob's size in bytes; -1 for a submodule.</param>
public sealed record GitTreeEntry(string Path, string Mode, string ObjectId, long Size)
{
    /// <summary>Git's mode for a symbolic link.</summary>
    public const string SymlinkMode = "120000";

    /// <summary>Git's mode for a submodule (a commit of another repository).</summary>
    public const string SubmoduleMode = "160000";

    /// <summary>A regular file (executable or not).</summary>
    public bool IsFile => Mode is "100644" or "100755" or "100664";
}

/// <summary>Who made a commit, when, and its subject line.</summary>
public sealed record GitCommitInfo(string Id, string Author, DateTimeOffset Date, string Subject);

/// <summary>A git command failed; the message is safe to log and show (credentials are redacted).</summary>
public sealed class GitException(string message) : Exception(message);
