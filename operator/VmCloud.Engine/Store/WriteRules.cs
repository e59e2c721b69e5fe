using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>What a write does to the stored object, decided before the state's lock is taken.</summary>
internal abstract record WritePlan
{
    /// <summary>Store <paramref name="Next"/> (its resourceVersion is stamped with the write's revision).</summary>
    public sealed record Put(CustomResource Next, byte[]? SpecFingerprint) : WritePlan;

    /// <summary>Remove the object; the caller gets <paramref name="Returned"/> stamped, or null.</summary>
    public sealed record Remove(CustomResource? Returned) : WritePlan;

    /// <summary>Nothing to write; the caller gets the stored object.</summary>
    public sealed record Unchanged(CustomResource Current) : WritePlan;
}

/// <summary>
/// The contract's rules for each write, as pure functions of the request and the stored object
/// (see <see cref="IResourceStore"/>). Errors are thrown: they are the caller's answer.
/// </summary>
internal static class WriteRules
{
    public static WritePlan Create(CustomResource input, StoredObject? current, string uid, DateTimeOffset now)
    {
        var key = ResourceKey.Of(input);
        if (current is not null) throw new AlreadyExistsException(key);
        var bare = ResourceJson.WithStatusOf(input, null);
        return new WritePlan.Put(bare with
        {
            Metadata = input.Metadata with
            {
                Uid = uid,
                Generation = 1,
                ResourceVersion = null,
                CreationTimestamp = now,
                DeletionTimestamp = null,
            },
        }, null);
    }

    public static WritePlan Update(CustomResource input, byte[] inputFingerprint, StoredObject? current)
    {
        var stored = Existing(ResourceKey.Of(input), input.Metadata.ResourceVersion, current);
        var specChanged = !inputFingerprint.AsSpan().SequenceEqual(current!.SpecFingerprint);
        var withStatus = ResourceJson.WithStatusOf(input, stored);
        var next = withStatus with
        {
            Metadata = input.Metadata with
            {
                // System fields are the store's: a client cannot move them, whatever it sends.
                Uid = stored.Metadata.Uid,
                Generation = stored.Metadata.Generation + (specChanged ? 1 : 0),
                ResourceVersion = null,
                CreationTimestamp = stored.Metadata.CreationTimestamp,
                DeletionTimestamp = stored.Metadata.DeletionTimestamp,
            },
        };
        var finalized = next.Metadata.DeletionTimestamp is not null && next.Metadata.Finalizers is not { Count: > 0 };
        return finalized ? new WritePlan.Remove(next) : new WritePlan.Put(next, inputFingerprint);
    }

    public static WritePlan UpdateStatus(CustomResource input, StoredObject? current)
    {
        var stored = Existing(ResourceKey.Of(input), input.Metadata.ResourceVersion, current);
        var next = ResourceJson.WithStatusOf(stored, input);
        next = next with { Metadata = stored.Metadata with { ResourceVersion = null } };
        return new WritePlan.Put(next, current!.SpecFingerprintIfKnown);
    }

    public static WritePlan Delete(ResourceKey key, string? resourceVersion, StoredObject? current, DateTimeOffset now)
    {
        var stored = Existing(key, resourceVersion, current);
        if (stored.Metadata.Finalizers is not { Count: > 0 }) return new WritePlan.Remove(null);

        // Asking again changes nothing: the first request's timestamp is when deletion began.
        if (stored.Metadata.DeletionTimestamp is not null) return new WritePlan.Unchanged(stored);
        var marked = stored with { Metadata = stored.Metadata with { DeletionTimestamp = now, ResourceVersion = null } };
        return new WritePlan.Put(marked, current!.SpecFingerprintIfKnown);
    }

    private static CustomResource Existing(ResourceKey key, string? expectedVersion, StoredObject? current)
    {
        if (current is null) throw new NotFoundException(key);
        var actual = current.Resource.Metadata.ResourceVersion ?? "";
        if (!string.IsNullOrEmpty(expectedVersion) && expectedVersion != actual)
            throw new ConflictException(key, expectedVersion, actual);
        return current.Resource;
    }
}
