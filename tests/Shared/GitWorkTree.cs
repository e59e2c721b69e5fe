using System.Globalization;

namespace VmCloud.Tests;

/// <summary>
/// A scratch clone of a remote where a test writes files, commits and pushes — plainly, with
/// force, as a revert, or to any ref (<c>refs/pull/7/head</c>, as GitHub publishes pull requests).
/// Commits carry a fixed identity and a date one minute after the previous one, so runs are
/// reproducible and no two commits collide. Disposing deletes the clone.
/// </summary>
internal sealed class GitWorkTree : IDisposable
{
    private static readonly DateTimeOffset FirstDate = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private int commits;

    /// <summary>A new empty repository whose <c>origin</c> is <paramref name="remoteUrl"/>, on branch main.</summary>
    public GitWorkTree(string remoteUrl)
    {
        RemoteUrl = remoteUrl;
        Root = Directory.CreateTempSubdirectory("vmcloud-worktree-").FullName;
        Git("init", "-q", "-b", "main");
        Git("remote", "add", "origin", remoteUrl);
    }

    /// <summary>The remote pushed to.</summary>
    public string RemoteUrl { get; }

    /// <summary>The clone's folder.</summary>
    public string Root { get; }

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string Write(string path, string text) => WriteBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes a file's bytes (creating its folders) and returns its full path.</summary>
    public string WriteBytes(string path, byte[] bytes)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    /// <summary>Deletes a file or folder.</summary>
    public void Delete(string path)
    {
        var full = Path.Combine(Root, path);
        if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
        else File.Delete(full);
    }

    /// <summary>Creates a symbolic link at <paramref name="path"/> to <paramref name="target"/>, as given (relative or not, existing or not).</summary>
    public void Symlink(string path, string target)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    /// <summary>Records a submodule entry (mode 160000) at <paramref name="path"/> pointing at <paramref name="commit"/>, without any .gitmodules.</summary>
    public void AddSubmoduleEntry(string path, string commit)
    {
        // An empty folder is how git shows a submodule that is not checked out: add -A keeps the entry.
        Directory.CreateDirectory(Path.Combine(Root, path));
        Git("update-index", "--add", "--cacheinfo", $"160000,{commit},{path}");
    }

    /// <summary>Commits everything (additions, changes, deletions) and returns the commit id.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Head();
    }

    /// <summary>Commits everything and pushes the branch; returns the commit id.</summary>
    public string CommitAndPush(string message, string branch = "main")
    {
        var commit = Commit(message);
        Git("push", "-q", "origin", $"HEAD:refs/heads/{branch}");
        return commit;
    }

    /// <summary>
    /// Rewrites history: resets the branch to <paramref name="resetTo"/> (e.g. <c>HEAD~1</c>),
    /// commits what the tree holds then as <paramref name="message"/>, and force-pushes. Returns the new commit id.
    /// </summary>
    public string ForcePush(string resetTo, string message, string branch = "main")
    {
        Git("reset", "-q", "--soft", resetTo);
        var commit = Commit(message);
        Git("push", "-q", "--force", "origin", $"HEAD:refs/heads/{branch}");
        return commit;
    }

    /// <summary>Reverts <paramref name="commit"/> in a new commit, pushes it and returns its id.</summary>
    public string Revert(string commit = "HEAD", string branch = "main")
    {
        Git("revert", "--no-edit", commit);
        Git("push", "-q", "origin", $"HEAD:refs/heads/{branch}");
        return Head();
    }

    /// <summary>Pushes a local revision to any remote ref, e.g. <c>refs/pull/7/head</c>, with force.</summary>
    public void PushRef(string localRevision, string remoteRef) =>
        Git("push", "-q", "--force", "origin", $"{localRevision}:{remoteRef}");

    /// <summary>The current commit id.</summary>
    public string Head() => Git("rev-parse", "HEAD");

    /// <summary>Runs any git command in the clone, with the fixed identity; returns its output.</summary>
    public string Git(params string[] arguments) => GitWithInput("", arguments);

    /// <summary>Runs a git command that reads its standard input (<c>mktree</c>, <c>hash-object --stdin</c>).</summary>
    public string GitWithInput(string input, params string[] arguments)
    {
        // Each command may commit (commit, revert): give each its own minute.
        var date = FirstDate.AddMinutes(commits++).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        var identity = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = "Ada Tester",
            ["GIT_AUTHOR_EMAIL"] = "ada@example.com",
            ["GIT_AUTHOR_DATE"] = date,
            ["GIT_COMMITTER_NAME"] = "Ada Tester",
            ["GIT_COMMITTER_EMAIL"] = "ada@example.com",
            ["GIT_COMMITTER_DATE"] = date,
        };
        return GitCommandLine.RunWithInput(Root, identity, input, arguments);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
