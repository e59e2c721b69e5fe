using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>
/// Where desired and observed state live, with the Kubernetes API's semantics so controllers are the
/// same over every back end (embedded, or a real cluster):
/// <list type="bullet">
/// <item>Create assigns <c>uid</c>, <c>generation</c> 1, <c>creationTimestamp</c>; a status given on create is dropped.</item>
/// <item>Every write sets <c>resourceVersion</c> to the store's new revision (one global, increasing counter).
/// A write whose <c>resourceVersion</c> is set and differs from the stored one fails with <see cref="ConflictException"/>;
/// an empty one writes unconditionally.</item>
/// <item>Update changes spec and metadata (labels, annotations, finalizers) and keeps the stored status;
/// <c>generation</c> is bumped only when the spec changed. UpdateStatus changes the status only.</item>
/// <item>Delete of an object with finalizers sets <c>deletionTimestamp</c> and keeps it; once an update
/// removes the last finalizer the object is gone. Without finalizers it goes at once.</item>
/// <item>Watch yields every change after a revision, in order; 0 first yields every current object as Added.
/// A revision older than the retained history fails with <see cref="GoneException"/>: list again.</item>
/// </list>
/// Objects are immutable records: what goes in or comes out is never changed afterwards.
/// </summary>
public interface IResourceStore
{
    /// <summary>The object, or null.</summary>
    ValueTask<CustomResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default);

    /// <summary>Every object of a kind (in one namespace when given), with the revision they were read at.</summary>
    ValueTask<ResourceList> ListAsync(string kind, string? ns = null, CancellationToken cancellationToken = default);

    /// <summary>Stores a new object. <see cref="AlreadyExistsException"/> if the key is taken.</summary>
    ValueTask<CustomResource> CreateAsync(CustomResource resource, CancellationToken cancellationToken = default);

    /// <summary>Writes spec and metadata. <see cref="NotFoundException"/>, <see cref="ConflictException"/>.</summary>
    ValueTask<CustomResource> UpdateAsync(CustomResource resource, CancellationToken cancellationToken = default);

    /// <summary>Writes the status only. <see cref="NotFoundException"/>, <see cref="ConflictException"/>.</summary>
    ValueTask<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken cancellationToken = default);

    /// <summary>Deletes, or marks for deletion while finalizers remain; returns the object as left (null once gone).</summary>
    ValueTask<CustomResource?> DeleteAsync(ResourceKey key, string? resourceVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Changes after <paramref name="fromRevision"/> of one kind (all when null), until cancelled.</summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, CancellationToken cancellationToken = default);
}

/// <summary>A list of objects and the store revision it was read at (watch from it to follow changes).</summary>
public sealed record ResourceList(IReadOnlyList<CustomResource> Items, long Revision);

/// <summary>What happened to an object.</summary>
public enum WatchEventType
{
    /// <summary>Created (or present when a watch from revision 0 began).</summary>
    Added,

    /// <summary>Changed: spec, metadata, status or marked for deletion.</summary>
    Modified,

    /// <summary>Gone from the store.</summary>
    Deleted,
}

/// <summary>One change seen by a watch: the object after it (before it, for Deleted) and its revision.</summary>
public sealed record WatchEvent(WatchEventType Type, CustomResource Object, long Revision);
