using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Agents;

/// <summary>
/// The operator's side of the agents: it keeps every node's desired document, built incrementally
/// from one watch over the kinds agents realise, answers long-polls when a document changes, and
/// keeps each node's latest report for the controllers that turn it into status. A report that
/// changes what an object looks like on its node queues that object (<see cref="Requeue"/>).
/// </summary>
public sealed partial class AgentHub(IResourceStore store, PolicySet policies, ILogger<AgentHub> logger)
{
    private static readonly TimeSpan RetryWatch = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private readonly Dictionary<string, NodeDocument> documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeReportState> reports = new(StringComparer.Ordinal);
    private readonly HubObjects objects = new();
    private readonly Dictionary<string, (ResourceKey Key, NodeEntry? Entry)> byUid = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string epoch = Guid.NewGuid().ToString("N")[..8];
    private long baseline;
    private long lastRevision;

    /// <summary>Called with an object whose state on its node changed; the control plane queues it.</summary>
    public Action<ResourceKey> Requeue { get; set; } = _ => { };

    /// <summary>Whether the hub has read the store once, so an unknown uid really has no owner.</summary>
    public bool IsSynced => synced.Task.IsCompleted;

    /// <summary>Lists, then watches the store until cancelled; relists when the watch falls behind.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var listed = await ListAsync(cancellationToken);
                await foreach (var change in store.WatchAsync(null, listed.Min(l => l.Value), cancellationToken))
                {
                    if (!listed.TryGetValue(change.Object.Kind, out var seen) || change.Revision <= seen) continue;
                    Apply(change.Type == WatchEventType.Deleted ? null : change.Object, change.Object, change.Revision);
                }
            }
            catch (GoneException)
            {
                LogRelisting();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store I/O error must not leave every node without documents: list and watch again.
                LogWatchFailed(e.Message);
                await Task.Delay(RetryWatch, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// The node's document once it differs from the one named by <paramref name="etag"/>, waiting up to
    /// <paramref name="wait"/>; null when it did not change (the caller answers 304).
    /// </summary>
    public async Task<(DesiredDocument Document, string ETag)?> WaitForChangeAsync(string node, string? etag, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            await synced.Task.WaitAsync(timeout.Token);
            while (true)
            {
                Task changed;
                lock (gate)
                {
                    var document = Document(node);
                    var current = ETagOf(document.Revision);
                    if (current != etag) return (document.Document, current);
                    changed = document.Changed;
                }
                await changed.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Records a report; false when it is stale (an older or repeated one of the same agent session).</summary>
    public bool Report(string node, NodeReport report)
    {
        List<ResourceKey> changed = [];
        lock (gate)
        {
            var previous = reports.GetValueOrDefault(node);
            if (NodeReportState.Accept(previous, report) is not { } current) return false;
            reports[node] = current;
            foreach (var uid in NodeReportState.Changed(previous, current))
                if (byUid.TryGetValue(uid, out var owner)) changed.Add(owner.Key);
            var document = Document(node);
            foreach (var uid in document.Removing.Keys.ToList())
            {
                if (!Confirmed(document, current, uid)) continue;
                if (byUid.TryGetValue(uid, out var owner)) changed.Add(owner.Key);
                else document.ForgetOrphan(uid, lastRevision);
            }
            foreach (var orphan in report.Orphans)
                if (IsSynced && !byUid.ContainsKey(orphan.Uid) && document.RemoveOrphan(orphan.Uid, lastRevision))
                    LogOrphanRemoval(node, orphan.Name, orphan.Uid);
        }
        foreach (var key in changed) Requeue(key);
        return true;
    }

    /// <summary>What the node's agent last said of the object; null when it has not reported since the operator started.</summary>
    public AgentObservation? Observe(string node, string uid)
    {
        lock (gate) return reports.TryGetValue(node, out var report) ? report.Observe(uid) : null;
    }

    /// <summary>The object a uid of the agents' documents belongs to, or null when no object has it.</summary>
    public CustomResource? Find(string uid)
    {
        lock (gate) return byUid.TryGetValue(uid, out var owner) ? objects.All.GetValueOrDefault(owner.Key) : null;
    }

    /// <summary>Whether the node's agent confirmed that nothing remains of a uid it was asked to remove.</summary>
    public bool ConfirmedRemoved(string node, string uid)
    {
        lock (gate)
            return reports.TryGetValue(node, out var report) && documents.TryGetValue(node, out var document) && Confirmed(document, report, uid);
    }

    /// <summary>What each node's agent last reported that vmcloud does not own: orphans and foreign domains, by node (for /metrics).</summary>
    public IReadOnlyList<(string Node, int Orphans, int ForeignDomains)> Leftovers()
    {
        lock (gate) return [.. reports.Select(r => (r.Key, r.Value.Report.Orphans.Count, r.Value.Report.Foreign.Count))];
    }

    // Removed means: the agent converged to a document that asked for the removal, and nothing of the uid is left.
    private static bool Confirmed(NodeDocument document, NodeReportState report, string uid) =>
        document.Removing.TryGetValue(uid, out var asked) && report.Report.AppliedRevision >= asked && !report.Present.Contains(uid);

    private async Task<Dictionary<string, long>> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, long>();
        var items = new List<CustomResource>();
        foreach (var kind in DesiredEntries.Kinds)
        {
            var list = await store.ListAsync(kind, null, cancellationToken);
            listed[kind] = list.Revision;
            items.AddRange(list.Items);
        }
        lock (gate)
        {
            // A fresh start: every document gets a new revision, so every agent fetches it once.
            baseline = lastRevision = Math.Max(lastRevision + 1, listed.Values.Max());
            foreach (var document in documents.Values) document.Renew(baseline);
            objects.Clear();
            foreach (var item in items) objects.Put(item);
            var gone = byUid.Where(u => !objects.All.ContainsKey(u.Value.Key)).Select(u => u.Key).ToList();
            foreach (var uid in gone) Place(uid, null, baseline);
            foreach (var item in items) Place(item.Metadata.Uid, item, baseline);
        }
        synced.TrySetResult();
        return listed;
    }

    private void Apply(CustomResource? current, CustomResource changed, long revision)
    {
        lock (gate)
        {
            lastRevision = Math.Max(lastRevision, revision);
            if (current is null) objects.Remove(ResourceKey.Of(changed));
            else objects.Put(current);
            Place(changed.Metadata.Uid, current, revision);

            // A volume's placement changes the disks of the servers it attaches to.
            if (changed is Volume volume)
                foreach (var server in objects.ServersOf(volume)) Place(server.Metadata.Uid, server, revision);
        }
    }

    // Moves a uid's entry to the document of the node it is bound to now (none when gone or unbound).
    private void Place(string? uid, CustomResource? current, long revision)
    {
        if (uid is null) return;
        var entry = current is null ? null : DesiredEntries.For(current, objects.VolumesIn(current.Metadata.Namespace), policies.Catalog);
        var previous = byUid.GetValueOrDefault(uid).Entry;
        if (previous is not null && previous.Node != entry?.Node) Document(previous.Node).Set(uid, null, revision);
        if (entry is not null) Document(entry.Node).Set(uid, entry, revision);
        if (current is null) byUid.Remove(uid);
        else byUid[uid] = (ResourceKey.Of(current), entry);
    }

    private NodeDocument Document(string node)
    {
        if (!documents.TryGetValue(node, out var document))
            documents[node] = document = new NodeDocument(node, baseline);
        return document;
    }

    private string ETagOf(long revision) => $"\"{epoch}-{revision}\"";

    [LoggerMessage(Level = LogLevel.Error, Message = "agent hub: watching the store failed, listing again in a second: {Reason}")]
    private partial void LogWatchFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "agent hub: the store's history moved past the watch; listing again")]
    private partial void LogRelisting();

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node}: {Name} belongs to uid {Uid}, which no object has: asking its agent to remove it")]
    private partial void LogOrphanRemoval(string node, string name, string uid);
}
