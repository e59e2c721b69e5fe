namespace VmCloud.Engine.GitSync;

/// <summary>
/// Creates and repairs the bare repository the operator fetches into. A mirror is created under a
/// temporary name and renamed into place, so a process killed mid-way leaves either no mirror or a
/// whole one; locks left by a killed fetch are removed when the mirror is opened, which is safe
/// because one process owns a mirror.
/// </summary>
internal static class GitMirror
{
    private const string TemporarySuffix = ".init-";

    // What git init and fetch create at the top of a bare repository: a folder holding only these
    // may be deleted and made again; anything else is someone's data and is left alone.
    private static readonly HashSet<string> GitEntries =
    [
        "HEAD", "config", "description", "hooks", "info", "objects", "refs", "branches", "packed-refs",
        "FETCH_HEAD", "ORIG_HEAD", "logs", "shallow", "index", "gc.pid", "gc.log", "modules", "worktrees",
    ];

    /// <summary>Makes sure <paramref name="directory"/> is a bare repository, creating or re-creating it.</summary>
    public static async Task EnsureAsync(string directory, GitAccessPolicy policy, CancellationToken cancellationToken)
    {
        RemoveTemporarySiblings(directory);
        if (Directory.Exists(directory))
        {
            if (await IsBareRepositoryAsync(directory, policy, cancellationToken))
            {
                RemoveStaleLocks(directory);
                return;
            }
            if (!HoldsOnlyGitEntries(directory))
                throw new GitException($"{directory} exists and is not a Git mirror; remove it or choose another folder");
            Directory.Delete(directory, recursive: true);
        }
        var temporary = directory + TemporarySuffix + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        var runner = new GitCommandRunner(policy, []);
        await runner.RunAsync($"creating the mirror {directory}", ["init", "--bare", "-q", "--", temporary], cancellationToken);
        Directory.Move(temporary, directory);
    }

    private static async Task<bool> IsBareRepositoryAsync(string directory, GitAccessPolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            var runner = new GitCommandRunner(policy, ["--git-dir=" + directory]);
            var output = await runner.RunAsync($"opening the mirror {directory}", ["rev-parse", "--is-bare-repository"], cancellationToken);
            return System.Text.Encoding.UTF8.GetString(output).Trim() == "true";
        }
        catch (GitException)
        {
            return false;
        }
    }

    private static bool HoldsOnlyGitEntries(string directory) =>
        new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .All(e => GitEntries.Contains(e.Name) || e.Name.EndsWith(".lock", StringComparison.Ordinal));

    private static void RemoveStaleLocks(string directory)
    {
        foreach (var name in new[] { "packed-refs.lock", "shallow.lock", "config.lock", "HEAD.lock", "index.lock", "FETCH_HEAD.lock" })
            File.Delete(Path.Combine(directory, name));
        var refs = Path.Combine(directory, "refs");
        if (!Directory.Exists(refs)) return;
        foreach (var file in Directory.EnumerateFiles(refs, "*.lock", SearchOption.AllDirectories)) File.Delete(file);
    }

    // Left by a process killed between git init and the rename.
    private static void RemoveTemporarySiblings(string directory)
    {
        var parent = Path.GetDirectoryName(directory);
        if (parent is null || !Directory.Exists(parent)) return;
        foreach (var sibling in Directory.EnumerateDirectories(parent, Path.GetFileName(directory) + TemporarySuffix + "*"))
            Directory.Delete(sibling, recursive: true);
    }
}
