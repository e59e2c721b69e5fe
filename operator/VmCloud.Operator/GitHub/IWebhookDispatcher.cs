namespace VmCloud.Operator.GitHub;

/// <summary>
/// Where verified GitHub events go. Called on the webhook's request thread: an implementation only
/// signals background work (wakes a source's sync, queues a plan) and returns at once, so GitHub
/// gets its answer within its 10-second limit. Treat an event as a hint: fetch the ref to learn
/// what it points at now, since deliveries can be late, out of order or replayed.
/// </summary>
public interface IWebhookDispatcher
{
    /// <summary>Starts a sync of every source that tracks the pushed repository and branch; false when none does.</summary>
    bool Push(PushEvent push);

    /// <summary>Starts a plan for the pull request in every source that tracks its repository and base branch; false when none does.</summary>
    bool PullRequest(PullRequestEvent pullRequest);
}
