namespace VmCloud.Operator.GitHub;

/// <summary>What VmCloud writes to GitHub for a pull request: its plan comment and its commit status.</summary>
public interface IGitHubClient
{
    /// <summary>
    /// Makes the pull request's comment marked with <paramref name="marker"/> say <paramref name="markdown"/>:
    /// edits it in place when it exists, posts it otherwise, so a pull request carries one such comment.
    /// </summary>
    /// <param name="repository"><c>owner/name</c>.</param>
    /// <param name="number">The pull request's (issue) number.</param>
    /// <param name="marker">A hidden HTML comment, e.g. <c>&lt;!-- vmcloud-plan --&gt;</c>, put first in the body to find the comment again.</param>
    /// <param name="markdown">The comment's text; cut to what GitHub accepts.</param>
    /// <param name="cancellationToken">Stops the requests and the retries.</param>
    /// <exception cref="GitHubException">GitHub refused, or failed after the retries.</exception>
    Task UpsertCommentAsync(string repository, int number, string marker, string markdown, CancellationToken cancellationToken);

    /// <summary>Sets the commit's status in <paramref name="context"/> (e.g. <c>vmcloud/plan</c>).</summary>
    /// <param name="repository"><c>owner/name</c>.</param>
    /// <param name="sha">The full commit id.</param>
    /// <param name="state">The verdict.</param>
    /// <param name="description">One line; cut to GitHub's 140 characters.</param>
    /// <param name="context">The status's name; a new state in the same context replaces the previous one.</param>
    /// <param name="targetUrl">Where the status links to, if anywhere.</param>
    /// <param name="cancellationToken">Stops the requests and the retries.</param>
    /// <exception cref="GitHubException">GitHub refused, or failed after the retries.</exception>
    Task SetCommitStatusAsync(string repository, string sha, CommitState state, string description, string context, string? targetUrl,
        CancellationToken cancellationToken);
}

/// <summary>A commit status's state, as GitHub names them.</summary>
public enum CommitState
{
    /// <summary>Work in progress (a plan running).</summary>
    Pending,

    /// <summary>The check passed.</summary>
    Success,

    /// <summary>The check failed (a plan that is not acceptable).</summary>
    Failure,

    /// <summary>The check could not run.</summary>
    Error,
}
