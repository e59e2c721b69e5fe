using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;
using VmCloud.Engine.Sources;

namespace VmCloud.Engine.GitSync;

/// <summary>
/// A branch of a Git remote as a source (<c>git:URL#BRANCH</c>): each fetch force-updates the local
/// mirror (so force-pushes and reverts are followed) and the revision is the commit the branch
/// points at. Manifests are read from the commit's objects, through <see cref="CommitTreeReader"/>.
/// </summary>
public sealed class GitOrigin(GitRemote remote, IGitClient git, TimeSpan interval) : ISourceOrigin
{
    /// <inheritdoc />
    public string Name { get; } = $"git:{remote.Display}";

    /// <inheritdoc />
    public SourceSpec Spec { get; } = new()
    {
        Type = SourceType.Git,
        Url = remote.Url,
        Branch = remote.Branch,
        Interval = $"{(long)interval.TotalSeconds}s",
    };

    /// <summary>The remote.</summary>
    public GitRemote Remote => remote;

    /// <summary>The local mirror, for reading other refs of the same remote (pull requests).</summary>
    public IGitClient Git => git;

    /// <inheritdoc />
    public async Task<SourceRevision> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var commit = await git.FetchAsync(remote.Branch, cancellationToken);
            var info = await git.DescribeCommitAsync(commit, cancellationToken);
            return new SourceRevision(commit, commit, info.Subject);
        }
        catch (GitException e)
        {
            throw new SourceUnavailableException(e.Message);
        }
    }

    /// <inheritdoc />
    public async Task<(IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors)> ReadAsync(
        SourceRevision revision, LoadLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            return await CommitTreeReader.ReadAsync(git, revision.Commit!, null, limits, cancellationToken);
        }
        catch (GitException e)
        {
            throw new SourceUnavailableException(e.Message);
        }
    }
}
