namespace VmCloud.Operator.GitHub;

/// <summary>
/// A GitHub API call failed. The message names the call, the HTTP status and GitHub's own
/// <c>message</c>, and never holds the token: it is safe to log and to show.
/// </summary>
public sealed class GitHubException : Exception
{
    /// <summary>
    /// A failure with GitHub's answer, or without one (<paramref name="statusCode"/> null: a network
    /// failure, transient unless <paramref name="transient"/> says otherwise).
    /// </summary>
    public GitHubException(string message, int? statusCode = null, string? gitHubMessage = null, TimeSpan? retryAfter = null, bool? transient = null)
        : base(message)
    {
        StatusCode = statusCode;
        GitHubMessage = gitHubMessage;
        RetryAfter = retryAfter;
        IsTransient = transient ?? statusCode is null or >= 500 or 429;
    }

    /// <summary>The HTTP status GitHub answered; null when no answer came.</summary>
    public int? StatusCode { get; }

    /// <summary>The <c>message</c> of GitHub's error body, if it had one.</summary>
    public string? GitHubMessage { get; }

    /// <summary>How long GitHub asked to wait before trying again, if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Worth retrying: no answer, a server error, or a rate limit (429). Other 4xx answers will not change.</summary>
    public bool IsTransient { get; }
}
