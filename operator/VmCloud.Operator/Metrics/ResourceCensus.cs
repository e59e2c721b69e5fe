using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Operator.Metrics;

/// <summary>
/// How many objects of each kind are in each phase, and the HypervisorNodes as they are now, kept
/// from one list and one watch of the store: a scrape then reads a few dozen counts, not 100,000
/// objects. A phase (kind, phase) once seen keeps its series, at 0 when emptied, so a graph drops to
/// zero instead of ending. An object without a phase yet counts as <see cref="NoPhase"/>.
/// </summary>
internal sealed class ResourceCensus(IResourceStore store)
{
    /// <summary>The phase label of an object whose status has no phase yet (nothing reconciled it).</summary>
    public const string NoPhase = "Unknown";

    private static readonly TimeSpan RetryWatch = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<ResourceKey, string> phases = [];
    private Dictionary<(string Kind, string Phase), int> counts = [];
    private Dictionary<string, HypervisorNode> nodes = new(StringComparer.Ordinal);

    /// <summary>Completes once the store has been listed.</summary>
    public Task Synced => synced.Task;

    /// <summary>Lists, then follows the store until cancelled; lists again when the watch falls behind.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, long>? listed = null;
        long from = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (listed is null)
                {
                    listed = await ListAsync(cancellationToken);
                    from = listed.Values.Min();
                }
                await foreach (var change in store.WatchAsync(null, from, cancellationToken))
                {
                    from = Math.Max(from, change.Revision);
                    // Kinds were listed one after another: a change a list already holds is skipped.
                    if (listed.TryGetValue(change.Object.Kind, out var seen) && change.Revision > seen)
                    {
                        lock (gate) Apply(change.Type == WatchEventType.Deleted ? null : change.Object, ResourceKey.Of(change.Object));
                    }
                }
            }
            catch (GoneException)
            {
                listed = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store I/O error: watch again from where it was, after a pause.
                await Task.Delay(RetryWatch, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Objects by kind and phase.</summary>
    public IReadOnlyList<(string Kind, string Phase, int Count)> Counts()
    {
        lock (gate) return [.. counts.Select(c => (c.Key.Kind, c.Key.Phase, c.Value))];
    }

    /// <summary>Every HypervisorNode as last seen.</summary>
    public IReadOnlyList<HypervisorNode> Nodes()
    {
        lock (gate) return [.. nodes.Values];
    }

    private async Task<Dictionary<string, long>> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, long>(StringComparer.Ordinal);
        var items = new List<CustomResource>();
        foreach (var kind in Kinds.All)
        {
            var list = await store.ListAsync(kind.Kind, null, cancellationToken);
            listed[kind.Kind] = list.Revision;
            items.AddRange(list.Items);
        }
        lock (gate)
        {
            // Counts start again from the list; phases seen before keep their series at 0.
            phases = new Dictionary<ResourceKey, string>(items.Count);
            counts = counts.ToDictionary(c => c.Key, _ => 0);
            nodes = new Dictionary<string, HypervisorNode>(StringComparer.Ordinal);
            foreach (var item in items) Apply(item, ResourceKey.Of(item));
        }
        synced.TrySetResult();
        return listed;
    }

    // Under the gate.
    private void Apply(CustomResource? current, ResourceKey key)
    {
        if (phases.Remove(key, out var before)) counts[(key.Kind, before)]--;
        if (key.Kind == nameof(HypervisorNode)) nodes.Remove(key.Name);
        if (current is null) return;
        var phase = current.StatusBase?.Phase is { Length: > 0 } p ? p : NoPhase;
        phases[key] = phase;
        counts[(key.Kind, phase)] = counts.GetValueOrDefault((key.Kind, phase)) + 1;
        if (current is HypervisorNode node) nodes[node.Metadata.Name] = node;
    }
}
