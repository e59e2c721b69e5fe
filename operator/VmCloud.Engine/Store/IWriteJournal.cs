using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>
/// What makes the state machine durable: it records each write in revision order and says when a
/// revision is safe. The state machine calls the cheap, non-blocking members under its lock.
/// </summary>
internal interface IWriteJournal
{
    /// <summary>The record of a write, encoded before the lock is taken (the costly part).</summary>
    byte[] Encode(ResourceKey key, WritePlan plan);

    /// <summary>Queues a record. Under the state's lock, in revision order; never blocks.</summary>
    void Append(long revision, byte[] record, int objectCount);

    /// <summary>Whether a snapshot should be taken now. Under the state's lock.</summary>
    bool WantsSnapshot { get; }

    /// <summary>Queues a snapshot of the objects as of a revision. Under the state's lock.</summary>
    void BeginSnapshot(long revision, CustomResource[] objects);

    /// <summary>Completes once every revision up to <paramref name="revision"/> is on disk.</summary>
    ValueTask WaitDurableAsync(long revision);

    /// <summary>Throws when the journal can no longer record writes (its disk failed).</summary>
    void ThrowIfFailed();
}
