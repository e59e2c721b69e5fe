namespace VmCloud.Operator.GitHub;

/// <summary>How <see cref="GitHubClient"/> retries and identifies itself.</summary>
public sealed record GitHubClientOptions
{
    /// <summary>Retries after the first attempt, for network failures, 5xx and 429; 0 for none.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's delay; each next one doubles it, with jitter. Retry-After, when sent, is used instead.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest Retry-After honoured. A rate limit that asks for longer fails the call instead:
    /// the next push or poll comes sooner than holding the plan that long.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>GitHub refuses requests without a User-Agent.</summary>
    public string UserAgent { get; init; } = "vmcloud-operator";

    /// <summary>The most comment pages (100 each) read to find the plan comment.</summary>
    public int MaxCommentPages { get; init; } = 100;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryAfter, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(UserAgent);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCommentPages);
    }
}
