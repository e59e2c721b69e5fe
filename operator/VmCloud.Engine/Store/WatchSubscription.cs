using System.Threading.Channels;

namespace VmCloud.Engine.Store;

/// <summary>
/// One watcher: the changes it must see first (a backlog or the current objects), then its own
/// bounded queue of live changes. A watcher that lets the queue fill is dropped with
/// <see cref="GoneException"/> rather than slowing down the writers that feed it.
/// </summary>
internal sealed class WatchSubscription(string? kind, long startAfter, List<WatchEvent> initial, int bufferSize)
{
    private readonly Channel<WatchEvent> live = Channel.CreateBounded<WatchEvent>(
        new BoundedChannelOptions(bufferSize) { SingleReader = true, SingleWriter = true });

    private long lastQueued = startAfter;

    /// <summary>Delivered before the live changes.</summary>
    public List<WatchEvent> Initial { get; } = initial;

    /// <summary>The last revision the initial changes cover; live changes up to it are skipped.</summary>
    public long StartAfter { get; } = startAfter;

    public ChannelReader<WatchEvent> Reader => live.Reader;

    /// <summary>Set when the watcher fell behind: the revision of the last change it was given.</summary>
    public long? FellBehindAt { get; private set; }

    /// <summary>Queues a change for the watcher; false once it fell behind (then it is to be dropped).</summary>
    public bool Offer(WatchEvent change)
    {
        if (change.Revision <= StartAfter || (kind is not null && change.Object.Kind != kind)) return true;
        if (live.Writer.TryWrite(change))
        {
            lastQueued = change.Revision;
            return true;
        }

        FellBehindAt = lastQueued;
        live.Writer.TryComplete();
        return false;
    }

    /// <summary>Ends the live changes, e.g. when the store closes.</summary>
    public void Close() => live.Writer.TryComplete();
}
