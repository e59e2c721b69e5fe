using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>
/// The store in memory only: every rule of <see cref="IResourceStore"/>, nothing kept across restarts.
/// The fake for controller tests (give it a manual <see cref="TimeProvider"/>), and the state machine
/// that <see cref="EmbeddedStore"/> makes durable.
/// </summary>
public sealed class MemoryStore : IResourceStore, IDisposable
{
    private readonly ResourceStateMachine state;

    /// <summary>A store with no objects, stamping creation and deletion times from <paramref name="timeProvider"/>.</summary>
    public MemoryStore(TimeProvider? timeProvider = null, StoreOptions? options = null) =>
        state = new ResourceStateMachine(timeProvider ?? TimeProvider.System, options ?? new StoreOptions());

    /// <summary>The revision of the last write (0 before any).</summary>
    public long Revision => state.Revision;

    /// <inheritdoc />
    public ValueTask<CustomResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default) =>
        state.GetAsync(key, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ResourceList> ListAsync(string kind, string? ns = null, CancellationToken cancellationToken = default) =>
        state.ListAsync(kind, ns, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CustomResource> CreateAsync(CustomResource resource, CancellationToken cancellationToken = default) =>
        state.CreateAsync(resource, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CustomResource> UpdateAsync(CustomResource resource, CancellationToken cancellationToken = default) =>
        state.UpdateAsync(resource, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken cancellationToken = default) =>
        state.UpdateStatusAsync(resource, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CustomResource?> DeleteAsync(ResourceKey key, string? resourceVersion = null, CancellationToken cancellationToken = default) =>
        state.DeleteAsync(key, resourceVersion, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, CancellationToken cancellationToken = default) =>
        state.WatchAsync(kind, fromRevision, cancellationToken);

    /// <summary>Ends every watch; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => state.Dispose();
}
