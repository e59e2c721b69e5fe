using Microsoft.Extensions.Logging;
using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Sources;

/// <summary>
/// Routes verified GitHub events: a push to a tracked branch wakes the sources tracking it; a pull
/// request against a tracked branch queues a plan. Both only signal background work.
/// </summary>
internal sealed partial class WebhookDispatcher(SourceSet sources, PullRequestPlanner planner, ILogger<WebhookDispatcher> logger) : IWebhookDispatcher
{
    private const string BranchPrefix = "refs/heads/";

    /// <inheritdoc />
    public bool Push(PushEvent push)
    {
        if (!push.Ref.StartsWith(BranchPrefix, StringComparison.Ordinal)) return false;
        var matched = sources.Tracking(Urls(push.Repository), push.Ref[BranchPrefix.Length..]).ToList();
        foreach (var (runner, _) in matched)
        {
            LogWoken(runner.Sync.ObjectName, push.After[..Math.Min(7, push.After.Length)]);
            runner.Wake();
        }
        return matched.Count > 0;
    }

    /// <inheritdoc />
    public bool PullRequest(PullRequestEvent pullRequest)
    {
        var branch = pullRequest.BaseRef.StartsWith(BranchPrefix, StringComparison.Ordinal) ? pullRequest.BaseRef[BranchPrefix.Length..] : pullRequest.BaseRef;
        var matched = sources.Tracking(Urls(pullRequest.Repository), branch).ToList();
        foreach (var (runner, origin) in matched) planner.Enqueue(new PlanRequest(runner, origin, pullRequest));
        return matched.Count > 0;
    }

    private static IEnumerable<string?> Urls(RepositoryRef repository) =>
        [repository.CloneUrl, repository.SshUrl, repository.GitUrl, repository.HtmlUrl];

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}: a push of {Commit} starts a sync")]
    private partial void LogWoken(string source, string commit);
}
