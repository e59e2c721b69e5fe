using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Engine.GitSync;
using VmCloud.Engine.Planning;
using VmCloud.Engine.Sources;
using VmCloud.Engine.Store;
using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Sources;

/// <summary>A pull request to plan, against the source that tracks its base branch.</summary>
internal sealed record PlanRequest(SourceRunner Runner, GitOrigin Origin, PullRequestEvent PullRequest);

/// <summary>
/// Plans pull requests in the background, one at a time: fetches the PR's head and base into the
/// source's mirror, reads both commits as the source would, and plans base → head against the live
/// fleet (objects already placed keep their node). The plan goes to GitHub as one comment per PR,
/// updated in place, and as the commit status <c>vmcloud/plan</c> on the head commit.
/// </summary>
internal sealed partial class PullRequestPlanner(
    IResourceStore store, PolicySet policies, OperatorOptions options, ILogger<PullRequestPlanner> logger, IGitHubClient? github = null) : BackgroundService
{
    /// <summary>The hidden mark that finds the plan comment among the others on the PR.</summary>
    public const string Marker = "<!-- vmcloud-plan -->";

    /// <summary>The commit status context.</summary>
    public const string StatusContext = "vmcloud/plan";

    private readonly Channel<PlanRequest> queue = Channel.CreateBounded<PlanRequest>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>Queues a plan; never blocks.</summary>
    public void Enqueue(PlanRequest request) => queue.Writer.TryWrite(request);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var pr = request.PullRequest;
            try
            {
                await PlanAsync(request, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // One pull request that cannot be planned must not stop the planner, nor the operator.
                LogPlanFailed(pr.Repository.FullName, pr.Number, e.Message);
            }
        }
    }

    private async Task PlanAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        var pr = request.PullRequest;
        var (before, after) = await ReadCommitsAsync(request, cancellationToken);
        var live = new List<CustomResource>();
        foreach (var kind in Kinds.All.Where(k => k.Type != typeof(Source) && k.Type != typeof(HypervisorNode)))
            live.AddRange((await store.ListAsync(kind.Kind, null, cancellationToken)).Items);
        var fleet = (await store.ListAsync(nameof(HypervisorNode), null, cancellationToken)).Items.OfType<HypervisorNode>().ToList();

        var plan = Planner.Make([.. before.Manifests.Select(m => m.Object)],
            SourceApproval.WithLiveStatus(after.Manifests.Select(m => m.Object), live), after.Errors, fleet.Count > 0 ? fleet : null, policies);
        var markdown = $"{Marker}\n{PlanMarkdown.Render(plan, new PlanHeading($"VmCloud plan for #{pr.Number}", pr.BaseSha, pr.HeadSha))}";
        var head = Short(pr.HeadSha);
        LogPlanned(pr.Repository.FullName, pr.Number, head, plan.Changes.Count, plan.Acceptable);
        if (github is null)
        {
            LogNotPosted(pr.Repository.FullName, pr.Number);
            return;
        }
        await github.UpsertCommentAsync(pr.Repository.FullName, pr.Number, Marker, markdown, cancellationToken);
        await github.SetCommitStatusAsync(pr.Repository.FullName, pr.HeadSha, plan.Acceptable ? CommitState.Success : CommitState.Failure,
            Summary(plan), StatusContext, null, cancellationToken);
    }

    // The mirror is the source's: its runner's lock keeps a sync from fetching into it meanwhile.
    private async Task<(ManifestSet Before, ManifestSet After)> ReadCommitsAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        var (pr, git) = (request.PullRequest, request.Origin.Git);
        var limits = LoadLimits.Default with { FollowSymlinks = options.FollowSymlinks };
        await request.Runner.Exclusive.WaitAsync(cancellationToken);
        try
        {
            await git.FetchAsync($"refs/pull/{pr.Number}/head", cancellationToken);
            await git.FetchAsync(pr.BaseRef, cancellationToken);
            var head = await git.ResolveCommitAsync(pr.HeadSha, cancellationToken);
            var @base = await git.ResolveCommitAsync(pr.BaseSha, cancellationToken);
            return (await CommitManifests.LoadAsync(git, @base, policies, limits, cancellationToken),
                await CommitManifests.LoadAsync(git, head, policies, limits, cancellationToken));
        }
        finally
        {
            request.Runner.Exclusive.Release();
        }
    }

    private static string Summary(Plan plan)
    {
        var delta = plan.Tenants.Sum(t => t.Delta);
        var cost = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(delta >= 0 ? "+" : "")}{delta:0.00} EUR/month");
        return plan.Errors.Count > 0 ? $"{plan.Errors.Count} validation error(s); {plan.Changes.Count} change(s), {cost}"
            : plan.Violations.Count > 0 ? $"{plan.Violations.Count} policy violation(s); {plan.Changes.Count} change(s), {cost}"
            : !plan.Fits ? $"does not fit the fleet ({plan.Unschedulable.Count} object(s)); {cost}"
            : $"{plan.Changes.Count} change(s), {cost}, {(plan.CapacityChecked ? "fits the fleet" : "capacity not checked (no node registered)")}";
    }

    private static string Short(string sha) => sha[..Math.Min(7, sha.Length)];

    [LoggerMessage(Level = LogLevel.Information, Message = "{Repository}#{Number}: planned {Head}: {Changes} change(s), acceptable: {Acceptable}")]
    private partial void LogPlanned(string repository, int number, string head, int changes, bool acceptable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Repository}#{Number}: the plan is not posted: no --github-token-file")]
    private partial void LogNotPosted(string repository, int number);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Repository}#{Number}: cannot plan: {Reason}")]
    private partial void LogPlanFailed(string repository, int number, string reason);
}
