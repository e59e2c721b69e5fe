using System.Globalization;
using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>The hooks a journal uses: restore the state at start-up, release durable changes, snapshot.</summary>
internal sealed partial class ResourceStateMachine
{
    /// <summary>Loads the objects of a snapshot taken at <paramref name="snapshotRevision"/>. Before any caller.</summary>
    public void Restore(long snapshotRevision, IEnumerable<CustomResource> objects)
    {
        lock (gate)
        {
            foreach (var resource in objects)
            {
                var written = long.Parse(resource.Metadata.ResourceVersion!, CultureInfo.InvariantCulture);
                table.Set(ResourceKey.Of(resource), new StoredObject(resource, written));
            }

            revision = snapshotRevision;
            hub.Reset(snapshotRevision);
        }
    }

    /// <summary>Applies a durable change found in the log at start-up: the next revision, already stamped.</summary>
    public void Replay(long written, ResourceKey key, CustomResource? put)
    {
        lock (gate)
        {
            if (written != revision + 1) throw new StoreException($"the log jumps from revision {revision} to {written}: data is missing; restore from a backup");
            revision = written;
            var current = table.Get(key);
            if (put is not null)
            {
                table.Set(key, new StoredObject(put, written));
                hub.Publish(new WatchEvent(current is null ? WatchEventType.Added : WatchEventType.Modified, put, written));
            }
            else
            {
                if (current is null) throw new StoreException($"the log deletes {key} at revision {written}, which does not exist: the data is corrupt");
                table.Remove(key);
                hub.Publish(new WatchEvent(WatchEventType.Deleted, current.Resource, written));
            }
        }
    }

    /// <summary>Releases the changes up to a revision to watchers, once the journal made them durable.</summary>
    public void CommitThrough(long durable)
    {
        lock (gate)
        {
            while (notDurable.TryPeek(out var change) && change.Revision <= durable) hub.Publish(notDurable.Dequeue());
        }
    }

    /// <summary>Queues a snapshot of the current objects now, whatever the journal's schedule.</summary>
    public void BeginSnapshot()
    {
        lock (gate) journal?.BeginSnapshot(revision, CaptureObjects());
    }
}
