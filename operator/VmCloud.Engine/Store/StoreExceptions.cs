namespace VmCloud.Engine.Store;

/// <summary>A store request that cannot be done as asked; the subclasses say why.</summary>
public class StoreException(string message) : Exception(message);

/// <summary>No object with that key.</summary>
public sealed class NotFoundException(ResourceKey key) : StoreException($"{key} not found")
{
    /// <summary>The key asked for.</summary>
    public ResourceKey Key { get; } = key;
}

/// <summary>An object with that key exists already.</summary>
public sealed class AlreadyExistsException(ResourceKey key) : StoreException($"{key} already exists")
{
    /// <summary>The key asked for.</summary>
    public ResourceKey Key { get; } = key;
}

/// <summary>The write was based on a stale resourceVersion: read again and retry.</summary>
public sealed class ConflictException(ResourceKey key, string expected, string actual)
    : StoreException($"{key} was modified (resourceVersion {actual}, the write expected {expected}); read it again and retry")
{
    /// <summary>The key written.</summary>
    public ResourceKey Key { get; } = key;
}

/// <summary>The watch revision is older than the retained history: list again and watch from the list's revision.</summary>
public sealed class GoneException(long revision, long oldest)
    : StoreException($"revision {revision} is compacted (oldest retained {oldest}); list again");
