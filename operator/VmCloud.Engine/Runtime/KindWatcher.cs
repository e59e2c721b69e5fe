using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// Follows one kind in the store for every controller interested in it (an informer): lists, then
/// watches from the list's revision; when the watch falls behind (<see cref="GoneException"/>) it lists
/// again and reports the objects that vanished meanwhile as deleted, so no delete is ever missed.
/// It keeps the last seen version of each object for resyncs and mapping functions.
/// </summary>
internal sealed class KindWatcher(
    string kind,
    IResourceStore store,
    TimeProvider time,
    ControllerRuntimeOptions options,
    RuntimeMetrics metrics,
    ILogger logger)
{
    private readonly ConcurrentDictionary<ResourceKey, CustomResource> known = new();
    private readonly List<Action<WatchEventType, CustomResource>> handlers = [];

    public string Kind => kind;

    /// <summary>The last seen version of every object of the kind.</summary>
    public ICollection<CustomResource> Objects => known.Values;

    /// <summary>The keys of every object of the kind seen so far.</summary>
    public ICollection<ResourceKey> Keys => known.Keys;

    /// <summary>Adds a handler; only before <see cref="RunAsync"/> starts.</summary>
    public void Subscribe(Action<WatchEventType, CustomResource> handler) => handlers.Add(handler);

    /// <summary>Lists and watches until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retryDelay = options.WatchRetryDelay;
        long? revision = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                revision ??= await RelistAsync(cancellationToken).ConfigureAwait(false);
                var seen = false;
                await foreach (var change in store.WatchAsync(kind, revision.Value, cancellationToken).ConfigureAwait(false))
                {
                    seen = true;
                    if (change.Revision <= revision) continue;
                    revision = change.Revision;
                    Apply(change.Type, change.Object);
                    retryDelay = options.WatchRetryDelay;
                }

                // A store may end a watch (as the API server does after a timeout): watch again at once,
                // but not in a tight loop when it ends every watch straight away.
                if (!seen && !await DelayAsync(retryDelay, cancellationToken).ConfigureAwait(false)) return;
            }
            catch (GoneException)
            {
                logger.WatchGone(kind);
                metrics.Relisted(kind);
                revision = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Transient (a store I/O error, a broken stream): watch again from the same revision.
                logger.WatchFailed(ex, kind, retryDelay);
                if (!await DelayAsync(retryDelay, cancellationToken).ConfigureAwait(false)) return;
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, options.WatchRetryMaxDelay.Ticks));
            }
        }
    }

    private async Task<long> RelistAsync(CancellationToken cancellationToken)
    {
        var list = await store.ListAsync(kind, null, cancellationToken).ConfigureAwait(false);
        var listed = new HashSet<ResourceKey>();
        foreach (var item in list.Items)
        {
            listed.Add(ResourceKey.Of(item));
            Apply(known.ContainsKey(ResourceKey.Of(item)) ? WatchEventType.Modified : WatchEventType.Added, item);
        }

        // Deletes that happened while the watch was behind: report them with the last version seen.
        foreach (var (key, last) in known)
        {
            if (!listed.Contains(key)) Apply(WatchEventType.Deleted, last);
        }

        return list.Revision;
    }

    private void Apply(WatchEventType type, CustomResource resource)
    {
        var key = ResourceKey.Of(resource);
        if (type == WatchEventType.Deleted) known.TryRemove(key, out _);
        else known[key] = resource;

        foreach (var handler in handlers)
        {
            try
            {
                handler(type, resource);
            }
            catch (Exception ex)
            {
                // A broken mapping function must not stop the watch that every other controller relies on.
                logger.HandlerFailed(ex, kind, key);
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
