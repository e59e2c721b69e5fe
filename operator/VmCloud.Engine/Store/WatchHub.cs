namespace VmCloud.Engine.Store;

/// <summary>
/// The committed history and the live watchers. Not thread-safe: the state's lock guards it, so a
/// watcher registers at an exact point of the change stream and never misses or repeats a change.
/// </summary>
internal sealed class WatchHub(StoreOptions options)
{
    private readonly EventHistory history = new(options.HistoryLimit);
    private readonly List<WatchSubscription> watchers = [];

    /// <summary>The oldest revision a watch may still start from.</summary>
    public long OldestRetained => history.CompactedThrough;

    /// <summary>Forgets the history up to a revision (what a snapshot folded in).</summary>
    public void Reset(long compactedThrough) => history.Reset(compactedThrough);

    /// <summary>Records a committed change and hands it to every watcher; drops the ones that fell behind.</summary>
    public void Publish(WatchEvent change)
    {
        history.Add(change);
        for (var i = watchers.Count - 1; i >= 0; i--)
        {
            if (!watchers[i].Offer(change)) watchers.RemoveAt(i);
        }
    }

    /// <summary>A watcher that first gets the kept changes after <paramref name="revision"/>.</summary>
    public WatchSubscription SubscribeAfter(string? kind, long revision)
    {
        if (revision < history.CompactedThrough) throw new GoneException(revision, history.CompactedThrough);
        return Add(new WatchSubscription(kind, revision, history.After(revision, kind), options.WatchBufferSize));
    }

    /// <summary>A watcher that first gets <paramref name="current"/>, the objects as of <paramref name="revision"/>.</summary>
    public WatchSubscription SubscribeWith(string? kind, long revision, List<WatchEvent> current) =>
        Add(new WatchSubscription(kind, revision, current, options.WatchBufferSize));

    public void Unsubscribe(WatchSubscription watcher) => watchers.Remove(watcher);

    public void CloseAll()
    {
        foreach (var watcher in watchers) watcher.Close();
        watchers.Clear();
    }

    private WatchSubscription Add(WatchSubscription watcher)
    {
        watchers.Add(watcher);
        return watcher;
    }
}
