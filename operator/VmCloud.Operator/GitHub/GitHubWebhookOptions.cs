namespace VmCloud.Operator.GitHub;

/// <summary>Limits of <c>POST /hooks/github</c>; registered in DI to change them, the defaults otherwise.</summary>
public sealed record GitHubWebhookOptions
{
    /// <summary>
    /// The largest body read, 5 MiB by default. GitHub caps payloads at 25 MB, but the events used
    /// here are far smaller: a pull_request payload is tens of KiB, a push lists at most 2,048
    /// commits. Every byte is buffered before the signature can be checked, so the cap is what an
    /// unauthenticated sender can make the operator hold per request. A push refused for its size
    /// is not lost: the source's poll picks the commit up.
    /// </summary>
    public long MaxBodyBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>How many delivery ids are remembered to refuse replays.</summary>
    public int DeliveryLogCapacity { get; init; } = DeliveryLog.DefaultCapacity;
}
