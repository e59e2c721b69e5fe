using System.Text;

namespace VmCloud.Engine.GitSync;

/// <summary>
/// <see cref="IGitClient"/> over the <c>git</c> command line: the operator's bare mirror of one
/// remote (<see cref="OpenMirrorAsync"/>), or a user's existing clone (<see cref="OpenLocal"/>).
/// Fetched refs are kept under <c>refs/vmcloud/</c>, apart from anything else in the repository.
/// Every command runs hardened and under the policy's timeout (see <see cref="GitCommandRunner"/>).
/// </summary>
public sealed class GitCli : IGitClient
{
    /// <summary>Where fetched refs are stored: <c>refs/heads/main</c> becomes <c>refs/vmcloud/heads/main</c>.</summary>
    public const string LocalRefPrefix = "refs/vmcloud/";

    private readonly GitCommandRunner runner;
    private readonly GitAccessPolicy policy;

    private GitCli(string repositoryPath, GitRemote? remote, GitAccessPolicy policy, IReadOnlyList<string> location)
    {
        RepositoryPath = repositoryPath;
        Remote = remote;
        this.policy = policy;
        runner = new GitCommandRunner(policy, location);
    }

    /// <summary>The repository's folder.</summary>
    public string RepositoryPath { get; }

    /// <summary>The remote fetched from; null for a local clone, which is never fetched.</summary>
    public GitRemote? Remote { get; }

    /// <summary>
    /// Opens the bare mirror of <paramref name="remote"/> at <paramref name="directory"/>, creating it
    /// when absent and re-creating it when a killed process left it broken. A remote the policy does
    /// not allow is refused before anything is created or run.
    /// </summary>
    /// <exception cref="GitException">Refused by policy, or the folder holds something else.</exception>
    public static async Task<GitCli> OpenMirrorAsync(string directory, GitRemote remote, GitAccessPolicy policy, CancellationToken cancellationToken)
    {
        if (!policy.AllowsScheme(remote.Scheme) || (remote.Scheme != "file" && !policy.AllowsHost(remote.Host)))
            throw new GitException($"{remote.Display}: the remote is not allowed by the Git access policy");
        GitCredentials.Check(remote, policy);
        var full = Path.GetFullPath(directory);
        await GitMirror.EnsureAsync(full, policy, cancellationToken);
        return new GitCli(full, remote, policy, ["--git-dir=" + full]);
    }

    /// <summary>A user's existing repository (a clone, or a bare repository), read as it is: never fetched, never changed.</summary>
    public static GitCli OpenLocal(string repositoryPath, GitAccessPolicy? policy = null)
    {
        var full = Path.GetFullPath(repositoryPath);
        return new GitCli(full, remote: null, policy ?? GitAccessPolicy.Default, ["-C", full]);
    }

    /// <inheritdoc />
    public async Task<string> FetchAsync(string refName, CancellationToken cancellationToken)
    {
        if (Remote is null) throw new GitException($"{RepositoryPath} is a local repository: it is read as it is, never fetched");
        var what = $"fetching {Remote.Url}#{GitText.Printable(refName)}";
        if (GitRefName.Check(refName) is { } badName) throw new GitException($"{what}: {badName}");
        var remoteRef = GitRefName.FullRef(refName);
        var localRef = LocalRefPrefix + remoteRef["refs/".Length..];
        var credentials = GitCredentials.Read(Remote, policy);
        try
        {
            await runner.RunAsync(what,
                ["fetch", "--quiet", "--no-tags", "--force", "--no-recurse-submodules", "--no-write-fetch-head", "--end-of-options", Remote.Url, $"+{remoteRef}:{localRef}"],
                cancellationToken, credentials);
        }
        catch (GitException e) when (e.Message.Contains("terminal prompts disabled", StringComparison.Ordinal))
        {
            // git's own words ("could not read Username") would send the reader looking for a prompt.
            throw new GitException(credentials.HasToken
                ? $"{what}: the remote refused the token (HTTP 401); check that it is valid and may read the repository"
                : $"{what}: the remote asks for credentials (HTTP 401); give a token with {GitAccessPolicy.TokenFileOption} or ${policy.TokenVariable}");
        }
        return await ResolveAsync(what, localRef, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string> ResolveCommitAsync(string revision, CancellationToken cancellationToken) =>
        ResolveAsync($"resolving {GitText.Printable(revision)} in {RepositoryPath}", revision, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<GitTreeEntry>> ListTreeAsync(string commit, CancellationToken cancellationToken)
    {
        var output = await runner.RunAsync($"listing the tree of {GitText.Printable(commit)} in {RepositoryPath}",
            ["ls-tree", "-r", "-l", "-z", "--full-tree", "--end-of-options", commit], cancellationToken);
        return GitOutput.ParseTree(output);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<byte[]>> ReadBlobsAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        if (objectIds.Count == 0) return [];
        if (objectIds.FirstOrDefault(id => !GitObjectId.IsValid(id)) is { } bad)
            throw new GitException($"reading blobs in {RepositoryPath}: '{GitText.Printable(bad)}' is not a full object id");
        var input = Encoding.ASCII.GetBytes(string.Concat(objectIds.Select(id => id + "\n")));
        return await runner.ExchangeAsync($"reading {objectIds.Count} blobs in {RepositoryPath}", ["cat-file", "--batch", "--buffer"], credentials: null,
            (stdin, token) => stdin.WriteAsync(input, token).AsTask(),
            (stdout, token) => GitOutput.ReadBlobsAsync(stdout, objectIds.Count, token),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GitCommitInfo> DescribeCommitAsync(string commit, CancellationToken cancellationToken)
    {
        var output = await runner.RunAsync($"describing {GitText.Printable(commit)} in {RepositoryPath}",
            ["log", "-1", "--no-mailmap", "--format=%H%x00%an%x00%ae%x00%aI%x00%s", "--end-of-options", commit, "--"], cancellationToken);
        return GitOutput.ParseCommit(Encoding.UTF8.GetString(output));
    }

    private async Task<string> ResolveAsync(string what, string revision, CancellationToken cancellationToken)
    {
        byte[] output;
        try
        {
            output = await runner.RunAsync(what, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken);
        }
        catch (GitException e) when (e.Message.EndsWith("git exited with code 1", StringComparison.Ordinal))
        {
            throw new GitException($"{what}: no such commit");
        }
        return Encoding.ASCII.GetString(output).Trim();
    }
}
