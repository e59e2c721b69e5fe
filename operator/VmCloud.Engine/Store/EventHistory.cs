namespace VmCloud.Engine.Store;

/// <summary>
/// The last committed changes, oldest first, for watches that resume from a revision (a ring buffer:
/// a busy store forgets old changes at a fixed memory cost). Not thread-safe: the state's lock guards it.
/// </summary>
internal sealed class EventHistory(int capacity)
{
    private readonly WatchEvent[] ring = new WatchEvent[capacity];
    private int start;
    private int count;

    /// <summary>The newest revision no longer kept: a watch must start at it or later.</summary>
    public long CompactedThrough { get; private set; }

    /// <summary>Forgets everything up to a revision, e.g. what a snapshot folded in before a restart.</summary>
    public void Reset(long compactedThrough)
    {
        Array.Clear(ring);
        start = count = 0;
        CompactedThrough = compactedThrough;
    }

    public void Add(WatchEvent change)
    {
        if (count == ring.Length)
        {
            CompactedThrough = ring[start].Revision;
            ring[start] = change;
            start = (start + 1) % ring.Length;
            return;
        }

        ring[(start + count) % ring.Length] = change;
        count++;
    }

    /// <summary>The kept changes after a revision, of one kind (all when null).</summary>
    public List<WatchEvent> After(long revision, string? kind)
    {
        var result = new List<WatchEvent>();
        for (var i = FirstAfter(revision); i < count; i++)
        {
            var change = ring[(start + i) % ring.Length];
            if (kind is null || change.Object.Kind == kind) result.Add(change);
        }

        return result;
    }

    /// <summary>Revisions only grow, so the first change after one is found by bisection.</summary>
    private int FirstAfter(long revision)
    {
        int low = 0, high = count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (ring[(start + middle) % ring.Length].Revision <= revision) low = middle + 1;
            else high = middle;
        }

        return low;
    }
}
