namespace VmCloud.Operator.GitHub;

/// <summary>
/// The most recent <c>X-GitHub-Delivery</c> ids, so a delivery GitHub sends again (a redelivery
/// from its UI, a retry after a timeout) starts nothing twice. Bounded: past the capacity the
/// oldest id is forgotten first; at ~40 bytes an id, 10,000 ids hold well under a MiB.
/// </summary>
public sealed class DeliveryLog
{
    /// <summary>How many ids are kept unless told otherwise.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Lock gate = new();
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly int capacity;

    /// <summary>A log that keeps the last <paramref name="capacity"/> ids.</summary>
    public DeliveryLog(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        this.capacity = capacity;
    }

    /// <summary>The number of ids remembered.</summary>
    public int Count
    {
        get { lock (gate) return order.Count; }
    }

    /// <summary>True the first time <paramref name="id"/> is seen (and remembers it); false while it is remembered.</summary>
    public bool FirstTime(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (gate)
        {
            if (!seen.Add(id)) return false;
            order.Enqueue(id);
            if (order.Count > capacity) seen.Remove(order.Dequeue());
            return true;
        }
    }
}
