using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Sources;

/// <summary>The outcome of one sync of a source.</summary>
/// <param name="Applied">True when the revision was valid and written (or already was).</param>
/// <param name="Errors">Why it was refused or could not be fetched, each with file and line when it has one.</param>
/// <param name="At">When the sync ran.</param>
/// <param name="Changes">What was written, when applied now.</param>
/// <param name="Revision">The revision synced, when fetched.</param>
public sealed record SyncResult(bool Applied, IReadOnlyList<ManifestError> Errors, DateTimeOffset At, ApplyResult? Changes, SourceRevision? Revision = null);

/// <summary>How a source checks and applies what it reads.</summary>
public sealed record SourceSyncOptions
{
    /// <summary>Caps on what is read: files, sizes, YAML expansion, symbolic links.</summary>
    public LoadLimits Limits { get; init; } = LoadLimits.Default;

    /// <summary>Refuse a revision whose new objects do not fit the registered fleet (skipped while no node has registered).</summary>
    public bool CheckCapacity { get; init; }

    /// <summary>How often an unchanged revision is applied again all the same, to undo edits made by other means.</summary>
    public TimeSpan ReapplyEvery { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Applies a source's revisions whole or not at all. A revision is read, validated (schema,
/// catalogue, references) and approved (quotas, budgets, and capacity when asked); then its objects
/// are created or updated and what this source created that is gone is pruned. A refused revision
/// changes nothing: the last good one stays applied, and the Source object's status lists every
/// error with its file and line, and since when the source is failing. Events mark every applied
/// or refused revision. Not thread-safe: one sync at a time (the <see cref="SourceRunner"/> sees to it).
/// </summary>
public sealed partial class SourceSync(
    ISourceOrigin origin, string objectName, IResourceStore store, PolicySet policies, EventRecorder events,
    TimeProvider time, ILogger logger, SourceSyncOptions? options = null)
{
    private static readonly string[] PlacedKinds =
        [nameof(VirtualServer), nameof(GpuInstance), nameof(LoadBalancer), nameof(Volume), nameof(CdnDistribution)];

    private readonly SourceSyncOptions options = options ?? new SourceSyncOptions();
    private readonly SourceStatusWriter status = new(objectName, origin.Spec, store, time);
    private (string Id, DateTimeOffset At)? applied;
    private (string Id, bool DependsOnLiveState)? rejected;

    /// <summary>The source's identity, as objects' source annotation records it.</summary>
    public string Name => origin.Name;

    /// <summary>The Source object's name.</summary>
    public string ObjectName => objectName;

    /// <summary>The origin this sync reads.</summary>
    public ISourceOrigin Origin => origin;

    /// <summary>The last sync, or null before the first.</summary>
    public SyncResult? LastSync { get; private set; }

    /// <summary>When a revision was last applied (or applied again), since this process started.</summary>
    public DateTimeOffset? LastAppliedAt => applied?.At;

    /// <summary>Fetches that failed in a row.</summary>
    public int ConsecutiveFetchFailures { get; private set; }

    /// <summary>The commit applied last since this process started; null before, or for a source without commits.</summary>
    public string? LastAppliedCommit { get; private set; }

    /// <summary>Revisions refused since this process started, each counted once however often it is synced again.</summary>
    public long CommitsRefused { get; private set; }

    /// <summary>Fetches the current revision and, when it is new (or due again), checks and applies it.</summary>
    public async Task<SyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await FetchAndApplyAsync(cancellationToken);
        }
        catch (SourceUnavailableException e)
        {
            LogFetchFailed(Name, e.Message);
            ConsecutiveFetchFailures = await status.FetchFailedAsync(e.Message, cancellationToken);
            if (ConsecutiveFetchFailures == 1) await events.WarningAsync(await status.ObjectAsync(cancellationToken), "FetchFailed", e.Message, cancellationToken);
            return LastSync = new SyncResult(false, [new ManifestError(new SourceMark(origin.Spec.Url, 0, 0), e.Message)], time.GetUtcNow(), null);
        }
    }

    // Reading a revision's files can fail like a fetch (the mirror lost an object): both count as
    // the origin being unavailable, with the last good state kept.
    private async Task<SyncResult> FetchAndApplyAsync(CancellationToken cancellationToken)
    {
        var revision = await origin.FetchAsync(cancellationToken);
        ConsecutiveFetchFailures = 0;
        var now = time.GetUtcNow();
        var unchanged = applied is { } last && last.Id == revision.Id && now - last.At < options.ReapplyEvery;
        var stillRefused = rejected is { } refused && refused.Id == revision.Id && !refused.DependsOnLiveState;
        if (unchanged || stillRefused)
        {
            await status.FetchedAsync(revision, cancellationToken);
            return LastSync!;
        }
        return LastSync = await CheckAndApplyAsync(revision, cancellationToken);
    }

    private async Task<SyncResult> CheckAndApplyAsync(SourceRevision revision, CancellationToken cancellationToken)
    {
        var (files, readErrors) = await origin.ReadAsync(revision, options.Limits, cancellationToken);
        var set = ManifestValidator.ParseAndValidate(files, readErrors, policies, options.Limits);
        var errors = set.Errors;
        var dependsOnLiveState = false;
        if (errors.Count == 0)
        {
            errors = SourceApproval.Check(set.Manifests, await LiveObjectsAsync(cancellationToken), await FleetAsync(cancellationToken), policies);
            dependsOnLiveState = errors.Count > 0;
        }
        return errors.Count > 0
            ? await RejectAsync(revision, errors, dependsOnLiveState, cancellationToken)
            : await ApplyAsync(revision, set, cancellationToken);
    }

    private async Task<SyncResult> RejectAsync(SourceRevision revision, IReadOnlyList<ManifestError> errors, bool dependsOnLiveState, CancellationToken cancellationToken)
    {
        var commit = Short(revision);
        foreach (var error in errors.Take(SourceError.MaxListed)) LogRefused(Name, commit, error.ToString());
        var wasRefused = rejected?.Id == revision.Id;
        if (!wasRefused) CommitsRefused++;
        rejected = (revision.Id, dependsOnLiveState);
        var source = await status.RejectedAsync(revision, errors, cancellationToken);
        if (!wasRefused)
        {
            var kept = source.Status?.LastAppliedCommit is { } good ? $"{good[..Math.Min(7, good.Length)]} stays applied" : "the last applied state stays";
            await events.WarningAsync(source, "RevisionRefused",
                $"{Describe(revision)} refused with {errors.Count} error(s), first {errors[0]}; {kept}", cancellationToken);
        }
        return new SyncResult(false, errors, time.GetUtcNow(), null, revision);
    }

    private async Task<SyncResult> ApplyAsync(SourceRevision revision, ManifestSet set, CancellationToken cancellationToken)
    {
        var changes = await SourceApplier.ApplyAsync(Name, [.. set.Manifests.Select(m => m.Object)], store, cancellationToken);
        foreach (var conflict in changes.Conflicts) LogConflict(Name, conflict);
        var isNew = applied?.Id != revision.Id;
        applied = (revision.Id, time.GetUtcNow());
        LastAppliedCommit = revision.Commit;
        rejected = null;
        var source = await status.AppliedAsync(revision, set.Manifests.Count, cancellationToken);
        if (isNew || changes.Created + changes.Updated + changes.Deleted > 0)
        {
            var commit = Short(revision);
            LogApplied(Name, commit, set.Manifests.Count, changes.Created, changes.Updated, changes.Deleted);
            await events.NormalAsync(source, "RevisionApplied",
                $"{Describe(revision)} applied: {set.Manifests.Count} objects, {changes.Created} created, {changes.Updated} updated, {changes.Deleted} pruned", cancellationToken);
        }
        return new SyncResult(true, [], time.GetUtcNow(), changes, revision);
    }

    private async Task<IReadOnlyList<CustomResource>> LiveObjectsAsync(CancellationToken cancellationToken)
    {
        var live = new List<CustomResource>();
        foreach (var kind in PlacedKinds) live.AddRange((await store.ListAsync(kind, null, cancellationToken)).Items);
        return live;
    }

    // While no node has registered (a fresh install) there is no fleet to check against: the
    // scheduler places objects as nodes arrive, and says why when they do not fit.
    private async Task<IReadOnlyList<HypervisorNode>?> FleetAsync(CancellationToken cancellationToken)
    {
        if (!options.CheckCapacity) return null;
        var nodes = (await store.ListAsync(nameof(HypervisorNode), null, cancellationToken)).Items.OfType<HypervisorNode>().ToList();
        return nodes.Count > 0 ? nodes : null;
    }

    private static string Short(SourceRevision revision) => revision.Commit?[..Math.Min(7, revision.Commit.Length)] ?? "the tree";

    private static string Describe(SourceRevision revision) =>
        revision.Commit is null ? "the tree" : revision.Subject is null ? $"commit {Short(revision)}" : $"commit {Short(revision)} ({revision.Subject})";

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: {Revision} refused, the last good state stays applied: {Error}")]
    private partial void LogRefused(string source, string revision, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: cannot fetch, the last good state stays applied: {Reason}")]
    private partial void LogFetchFailed(string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: {Conflict}")]
    private partial void LogConflict(string source, string conflict);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: applied {Revision}: {Objects} objects ({Created} created, {Updated} updated, {Deleted} pruned)")]
    private partial void LogApplied(string source, string revision, int objects, int created, int updated, int deleted);
}
