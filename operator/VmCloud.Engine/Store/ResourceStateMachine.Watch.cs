using System.Runtime.CompilerServices;
using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>Watches: a watcher registers under the lock, at an exact point of the change stream.</summary>
internal sealed partial class ResourceStateMachine
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        cancellationToken.ThrowIfCancellationRequested();
        var watcher = Subscribe(kind, fromRevision);
        try
        {
            if (fromRevision == 0)
            {
                // The current objects may include changes not yet durable; show them only once they are.
                watcher.Initial.Sort((a, b) => a.Revision.CompareTo(b.Revision));
                await WaitDurableAsync(watcher.StartAfter).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var change in watcher.Initial)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return change;
            }

            var reader = watcher.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var change)) yield return change;
            }

            if (watcher.FellBehindAt is { } lastQueued) throw new GoneException(lastQueued, OldestRetained());
        }
        finally
        {
            lock (gate) hub.Unsubscribe(watcher);
        }
    }

    private WatchSubscription Subscribe(string? kind, long fromRevision)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (fromRevision > 0) return hub.SubscribeAfter(kind, fromRevision);
            var current = table.Select(kind, null)
                .Select(stored => new WatchEvent(WatchEventType.Added, stored.Resource, stored.Revision))
                .ToList();
            return hub.SubscribeWith(kind, revision, current);
        }
    }

    private long OldestRetained()
    {
        lock (gate) return hub.OldestRetained;
    }
}
