using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>
/// The store contract served by the in-memory state machine: what <see cref="MemoryStore"/> and
/// <see cref="EmbeddedStore"/> share. They differ only in whether changes also go to disk.
/// </summary>
public abstract class StateMachineStore : IResourceStore
{
    private protected StateMachineStore(ResourceStateMachine state) => State = state;

    /// <summary>The revision of the last write (0 before any).</summary>
    public long Revision => State.Revision;

    private protected ResourceStateMachine State { get; }

    /// <inheritdoc />
    public ValueTask<CustomResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default) =>
        State.GetAsync(key, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ResourceList> ListAsync(string kind, string? ns = null, CancellationToken cancellationToken = default) =>
        State.ListAsync(kind, ns, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CustomResource> CreateAsync(CustomResource resource, CancellationToken cancellationToken = default) =>
        State.CreateAsync(resource, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CustomResource> UpdateAsync(CustomResource resource, CancellationToken cancellationToken = default) =>
        State.UpdateAsync(resource, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken cancellationToken = default) =>
        State.UpdateStatusAsync(resource, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CustomResource?> DeleteAsync(ResourceKey key, string? resourceVersion = null, CancellationToken cancellationToken = default) =>
        State.DeleteAsync(key, resourceVersion, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, CancellationToken cancellationToken = default) =>
        State.WatchAsync(kind, fromRevision, cancellationToken);
}
