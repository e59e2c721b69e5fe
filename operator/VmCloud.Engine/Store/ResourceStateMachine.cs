using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>
/// The store's rules over the current objects, shared by every local back end: one lock orders every
/// write and gives it the next revision; the costly work (JSON, encoding) happens before the lock, and
/// a write whose object changed meanwhile decides again. With a journal, a change reaches readers and
/// watchers only once it is durable, so nobody acts on a change a crash could take back.
/// </summary>
internal sealed partial class ResourceStateMachine(TimeProvider time, StoreOptions options) : IDisposable
{
    private readonly Lock gate = new();
    private readonly ObjectTable table = new();
    private readonly WatchHub hub = new(options.Validate());
    private readonly Queue<WatchEvent> notDurable = new();
    private IWriteJournal? journal;
    private long revision;
    private bool disposed;

    /// <summary>The revision of the last write.</summary>
    public long Revision
    {
        get
        {
            lock (gate) return revision;
        }
    }

    /// <summary>How many objects there are.</summary>
    public int ObjectCount
    {
        get
        {
            lock (gate) return table.Count;
        }
    }

    /// <summary>Makes the writes from now on durable. Once, after recovery and before any caller.</summary>
    public void AttachJournal(IWriteJournal writeJournal) => journal = writeJournal;

    public async ValueTask<CustomResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        StoredObject? stored;
        long readAt;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            stored = table.Get(key);

            // An object is durable once the write that made it is; an absence may be an undurable delete.
            readAt = stored?.Revision ?? revision;
        }

        await WaitDurableAsync(readAt).ConfigureAwait(false);
        return stored?.Resource;
    }

    public async ValueTask<ResourceList> ListAsync(string kind, string? ns, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        cancellationToken.ThrowIfCancellationRequested();
        List<StoredObject> selected;
        long readAt;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            selected = table.Select(kind, ns);
            readAt = revision;
        }

        await WaitDurableAsync(readAt).ConfigureAwait(false);
        var items = selected.Select(stored => stored.Resource)
            .OrderBy(resource => resource.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(resource => resource.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return new ResourceList(items, readAt);
    }

    public async ValueTask<CustomResource> CreateAsync(CustomResource resource, CancellationToken cancellationToken)
    {
        var key = CheckKey(resource);
        var uid = Guid.NewGuid().ToString();
        var now = time.GetUtcNow();
        var created = await WriteAsync(key, current => WriteRules.Create(resource, current, uid, now), cancellationToken).ConfigureAwait(false);
        return created!;
    }

    public async ValueTask<CustomResource> UpdateAsync(CustomResource resource, CancellationToken cancellationToken)
    {
        var key = CheckKey(resource);
        var fingerprint = ResourceJson.SpecFingerprint(resource);
        var updated = await WriteAsync(key, current => WriteRules.Update(resource, fingerprint, current), cancellationToken).ConfigureAwait(false);
        return updated!;
    }

    public async ValueTask<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken cancellationToken)
    {
        var key = CheckKey(resource);
        var updated = await WriteAsync(key, current => WriteRules.UpdateStatus(resource, current), cancellationToken).ConfigureAwait(false);
        return updated!;
    }

    public ValueTask<CustomResource?> DeleteAsync(ResourceKey key, string? resourceVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.Kind);
        ArgumentException.ThrowIfNullOrEmpty(key.Name);
        var now = time.GetUtcNow();
        return WriteAsync(key, current => WriteRules.Delete(key, resourceVersion, current, now), cancellationToken);
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            hub.CloseAll();
        }
    }

    /// <summary>
    /// Decides the write against the object as read, then applies it under the lock if the object
    /// is still the one read (otherwise decides again), and waits until it is durable.
    /// Cancellation is honoured only before the write is queued: after, its outcome is decided.
    /// </summary>
    private async ValueTask<CustomResource?> WriteAsync(ResourceKey key, Func<StoredObject?, WritePlan> decide, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StoredObject? current;
            lock (gate) current = table.Get(key);

            var plan = decide(current);
            var record = plan is WritePlan.Unchanged ? null : journal?.Encode(key, plan);
            long written;
            CustomResource? result;
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                journal?.ThrowIfFailed();
                if (!ReferenceEquals(table.Get(key), current)) continue;
                (written, result) = Apply(key, current, plan, record);
            }

            await WaitDurableAsync(written).ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>Applies a decided write. Under the lock.</summary>
    private (long Revision, CustomResource? Result) Apply(ResourceKey key, StoredObject? current, WritePlan plan, byte[]? record)
    {
        switch (plan)
        {
            case WritePlan.Put put:
                var next = ++revision;
                var stamped = StoredObject.Stamp(put.Next, next);
                table.Set(key, new StoredObject(stamped, next, put.SpecFingerprint));
                Record(new WatchEvent(current is null ? WatchEventType.Added : WatchEventType.Modified, stamped, next), record);
                return (next, stamped);
            case WritePlan.Remove remove:
                var removed = ++revision;
                table.Remove(key);
                Record(new WatchEvent(WatchEventType.Deleted, current!.Resource, removed), record);
                return (removed, remove.Returned is null ? null : StoredObject.Stamp(remove.Returned, removed));
            case WritePlan.Unchanged unchanged:
                // Nothing written, but what was read may not be durable yet.
                return (revision, unchanged.Current);
            default:
                throw new InvalidOperationException($"unknown write plan {plan}");
        }
    }

    /// <summary>Hands a change to the journal, or straight to watchers when there is none. Under the lock.</summary>
    private void Record(WatchEvent change, byte[]? record)
    {
        if (journal is null)
        {
            hub.Publish(change);
            return;
        }

        notDurable.Enqueue(change);
        journal.Append(change.Revision, record!, table.Count);
        if (journal.WantsSnapshot) journal.BeginSnapshot(change.Revision, CaptureObjects());
    }

    private CustomResource[] CaptureObjects() => [.. table.Select(null, null).Select(stored => stored.Resource)];

    private ValueTask WaitDurableAsync(long written) =>
        journal is null || written == 0 ? ValueTask.CompletedTask : journal.WaitDurableAsync(written);

    private static ResourceKey CheckKey(CustomResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var key = ResourceKey.Of(resource);
        ArgumentException.ThrowIfNullOrEmpty(key.Kind, "resource.Kind");
        ArgumentException.ThrowIfNullOrEmpty(key.Name, "resource.Metadata.Name");
        return key;
    }
}
