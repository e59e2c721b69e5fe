using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// Finalizers: a controller adds its own before it creates anything outside the store, and removes it
/// once that is cleaned up after deletion was asked. Pure helpers return changed copies; the async ones
/// write through the store.
/// </summary>
public static class Finalizers
{
    /// <summary>Whether the object carries the finalizer.</summary>
    public static bool Has(CustomResource resource, string finalizer) =>
        resource.Metadata.Finalizers?.Contains(finalizer) == true;

    /// <summary>Whether deletion was asked for (the object stays until its finalizers are gone).</summary>
    public static bool IsDeleting(CustomResource resource) => resource.Metadata.DeletionTimestamp is not null;

    /// <summary>
    /// A copy with the finalizer added; false (and the same object) when it is there already, or when the
    /// object is being deleted — as in Kubernetes, a deleting object takes no new finalizers.
    /// </summary>
    public static bool TryAdd<T>(T resource, string finalizer, out T updated) where T : CustomResource
    {
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        updated = resource;
        if (Has(resource, finalizer) || IsDeleting(resource)) return false;
        updated = WithFinalizers(resource, [.. resource.Metadata.Finalizers ?? [], finalizer]);
        return true;
    }

    /// <summary>A copy without the finalizer; false (and the same object) when it is not there.</summary>
    public static bool TryRemove<T>(T resource, string finalizer, out T updated) where T : CustomResource
    {
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        updated = resource;
        if (!Has(resource, finalizer)) return false;
        var rest = resource.Metadata.Finalizers!.Where(f => f != finalizer).ToList();
        updated = WithFinalizers(resource, rest.Count == 0 ? null : rest);
        return true;
    }

    /// <summary>Adds the finalizer in the store when missing; returns the object as stored.</summary>
    public static async Task<T> EnsureAsync<T>(IResourceStore store, T resource, string finalizer, CancellationToken cancellationToken)
        where T : CustomResource
    {
        if (!TryAdd(resource, finalizer, out var updated)) return resource;
        return (T)await store.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the finalizer in the store, which lets a deleting object go; returns the object as left
    /// (null once gone). <see cref="ConflictException"/> when the object changed since it was read.
    /// </summary>
    /// <remarks>
    /// Deliberately takes no cancellation token. This is the commit step of a clean-up that already
    /// happened outside the store: cancelling it half-way (at shutdown) would leave the object stuck
    /// with its finalizer while nothing remains to clean, and the next start would redo the clean-up.
    /// A single store write is short, so it is allowed to finish.
    /// </remarks>
    public static async Task<CustomResource?> RemoveAsync(IResourceStore store, CustomResource resource, string finalizer)
    {
        if (!TryRemove(resource, finalizer, out var updated)) return resource;
        try
        {
            return await store.UpdateAsync(updated, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null; // Gone already: what the removal was for.
        }
    }

    private static T WithFinalizers<T>(T resource, IReadOnlyList<string>? finalizers) where T : CustomResource =>
        // `with` on the base type still clones the derived record (its Clone is virtual).
        (T)((CustomResource)resource with { Metadata = resource.Metadata with { Finalizers = finalizers } });
}
