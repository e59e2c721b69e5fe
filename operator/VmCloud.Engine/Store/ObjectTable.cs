namespace VmCloud.Engine.Store;

/// <summary>The current objects, indexed by kind so a list reads one kind only. Not thread-safe: the state's lock guards it.</summary>
internal sealed class ObjectTable
{
    private readonly Dictionary<string, Dictionary<ResourceKey, StoredObject>> byKind = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public StoredObject? Get(ResourceKey key) =>
        byKind.TryGetValue(key.Kind, out var objects) && objects.TryGetValue(key, out var stored) ? stored : null;

    /// <summary>Stores the object; true when the key was new.</summary>
    public bool Set(ResourceKey key, StoredObject stored)
    {
        if (!byKind.TryGetValue(key.Kind, out var objects)) byKind[key.Kind] = objects = [];
        var added = objects.TryAdd(key, stored);
        if (added) Count++;
        else objects[key] = stored;
        return added;
    }

    public StoredObject? Remove(ResourceKey key)
    {
        if (!byKind.TryGetValue(key.Kind, out var objects) || !objects.Remove(key, out var stored)) return null;
        Count--;
        return stored;
    }

    /// <summary>The objects of a kind (all kinds when null), in one namespace when given.</summary>
    public List<StoredObject> Select(string? kind, string? ns)
    {
        var result = new List<StoredObject>();
        foreach (var (objectsKind, objects) in byKind)
        {
            if (kind is not null && objectsKind != kind) continue;
            foreach (var (key, stored) in objects)
            {
                if (ns is null || key.Namespace == ns) result.Add(stored);
            }
        }

        return result;
    }
}
