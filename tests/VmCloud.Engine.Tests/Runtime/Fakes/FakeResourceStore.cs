using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Runtime.Fakes;

/// <summary>
/// A small in-memory <see cref="IResourceStore"/> for runtime tests: a dictionary, a bounded history
/// and a channel per watch. <see cref="Compact"/> plus <see cref="BreakWatches"/> play a watch falling
/// behind; <see cref="FailWrites"/> plays a broken store.
/// </summary>
internal sealed class FakeResourceStore(int historyLimit = 10_000) : IResourceStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<ResourceKey, CustomResource> objects = [];
    private readonly List<WatchEvent> history = [];
    private readonly List<(string? Kind, Channel<WatchEvent> Channel)> watches = [];
    private long revision;
    private long oldestRetained = 1;

    /// <summary>When set, every write throws it.</summary>
    public Exception? FailWrites { get; set; }

    /// <summary>Open watches.</summary>
    public int WatchCount
    {
        get { lock (gate) return watches.Count; }
    }

    /// <summary>Lists served so far, per kind.</summary>
    public Dictionary<string, int> Lists { get; } = [];

    public ValueTask<CustomResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default)
    {
        lock (gate) return ValueTask.FromResult(objects.GetValueOrDefault(key));
    }

    public ValueTask<ResourceList> ListAsync(string kind, string? ns = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            Lists[kind] = Lists.GetValueOrDefault(kind) + 1;
            var items = objects.Values.Where(o => o.Kind == kind && (ns is null || o.Metadata.Namespace == ns)).ToList();
            return ValueTask.FromResult(new ResourceList(items, revision));
        }
    }

    public ValueTask<CustomResource> CreateAsync(CustomResource resource, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ThrowIfFailing();
            var key = ResourceKey.Of(resource);
            if (objects.ContainsKey(key)) throw new AlreadyExistsException(key);
            var stored = resource with
            {
                Metadata = resource.Metadata with
                {
                    Uid = Guid.NewGuid().ToString(), Generation = 1, ResourceVersion = (++revision).ToString(),
                },
            };
            return ValueTask.FromResult(Commit(WatchEventType.Added, stored));
        }
    }

    public ValueTask<CustomResource> UpdateAsync(CustomResource resource, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var current = Current(resource);
            var generation = current.Metadata.Generation ?? 1;
            if (SpecJson(current) != SpecJson(resource)) generation++;
            var stored = resource with
            {
                Metadata = resource.Metadata with
                {
                    Uid = current.Metadata.Uid, Generation = generation, ResourceVersion = (++revision).ToString(),
                    DeletionTimestamp = current.Metadata.DeletionTimestamp,
                },
            };
            if (stored.Metadata.DeletionTimestamp is not null && (stored.Metadata.Finalizers?.Count ?? 0) == 0)
                return ValueTask.FromResult(Commit(WatchEventType.Deleted, stored));
            return ValueTask.FromResult(Commit(WatchEventType.Modified, stored));
        }
    }

    public ValueTask<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var current = Current(resource);
            var stored = resource with { Metadata = current.Metadata with { ResourceVersion = (++revision).ToString() } };
            return ValueTask.FromResult(Commit(WatchEventType.Modified, stored));
        }
    }

    public ValueTask<CustomResource?> DeleteAsync(ResourceKey key, string? resourceVersion = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ThrowIfFailing();
            if (!objects.TryGetValue(key, out var current)) throw new NotFoundException(key);
            if ((current.Metadata.Finalizers?.Count ?? 0) > 0)
            {
                var marked = current with
                {
                    Metadata = current.Metadata with { DeletionTimestamp = DateTimeOffset.UnixEpoch, ResourceVersion = (++revision).ToString() },
                };
                return ValueTask.FromResult<CustomResource?>(Commit(WatchEventType.Modified, marked));
            }

            ++revision;
            Commit(WatchEventType.Deleted, current);
            return ValueTask.FromResult<CustomResource?>(null);
        }
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<WatchEvent>();
        lock (gate)
        {
            if (fromRevision == 0)
            {
                foreach (var o in objects.Values.Where(o => kind is null || o.Kind == kind))
                    channel.Writer.TryWrite(new WatchEvent(WatchEventType.Added, o, revision));
            }
            else
            {
                if (fromRevision < oldestRetained - 1) throw new GoneException(fromRevision, oldestRetained);
                foreach (var e in history.Where(e => e.Revision > fromRevision && (kind is null || e.Object.Kind == kind)))
                    channel.Writer.TryWrite(e);
            }

            watches.Add((kind, channel));
        }

        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
                yield return e;
        }
        finally
        {
            lock (gate) watches.RemoveAll(w => w.Channel == channel);
        }
    }

    /// <summary>Forgets the history up to now: watches from an older revision get Gone.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            oldestRetained = revision + 1;
        }
    }

    /// <summary>Ends every open watch with <paramref name="error"/>, as a store does with a watcher that fell behind.</summary>
    public void BreakWatches(Exception error)
    {
        lock (gate)
        {
            foreach (var (_, channel) in watches) channel.Writer.TryComplete(error);
            watches.Clear();
        }
    }

    /// <summary>Removes an object without telling any watch (as if its event was lost in a compacted history).</summary>
    public void RemoveSilently(ResourceKey key)
    {
        lock (gate) objects.Remove(key);
    }

    private CustomResource Current(CustomResource resource)
    {
        ThrowIfFailing();
        var key = ResourceKey.Of(resource);
        if (!objects.TryGetValue(key, out var current)) throw new NotFoundException(key);
        var expected = resource.Metadata.ResourceVersion;
        if (!string.IsNullOrEmpty(expected) && expected != current.Metadata.ResourceVersion)
            throw new ConflictException(key, expected, current.Metadata.ResourceVersion ?? "");
        return current;
    }

    private CustomResource Commit(WatchEventType type, CustomResource stored)
    {
        var key = ResourceKey.Of(stored);
        if (type == WatchEventType.Deleted) objects.Remove(key);
        else objects[key] = stored;
        var change = new WatchEvent(type, stored, revision);
        history.Add(change);
        if (history.Count > historyLimit)
        {
            history.RemoveAt(0);
            oldestRetained = history[0].Revision;
        }

        foreach (var (kind, channel) in watches)
        {
            if (kind is null || kind == stored.Kind) channel.Writer.TryWrite(change);
        }

        return stored;
    }

    private void ThrowIfFailing()
    {
        if (FailWrites is { } error) throw error;
    }

    private static string SpecJson(CustomResource resource) =>
        resource.GetType().GetProperty("Spec") is { } spec ? JsonSerializer.Serialize(spec.GetValue(resource), ApiJson.Options) : "";
}
