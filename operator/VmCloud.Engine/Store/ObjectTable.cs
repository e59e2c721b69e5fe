namespace VmCloud.Engine.Store;

/// <summary>
/// The current objects, indexed by kind and then namespace, so a list reads only the kind and
/// namespace asked for (controllers list one tenant's objects on every review). Not thread-safe:
/// the state's lock guards it.
/// </summary>
internal sealed class ObjectTable
{
    private readonly Dictionary<string, Dictionary<string, Dictionary<ResourceKey, StoredObject>>> byKind = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public StoredObject? Get(ResourceKey key) =>
        Namespace(key, create: false) is { } objects && objects.TryGetValue(key, out var stored) ? stored : null;

    /// <summary>Stores the object; true when the key was new.</summary>
    public bool Set(ResourceKey key, StoredObject stored)
    {
        var objects = Namespace(key, create: true)!;
        var added = objects.TryAdd(key, stored);
        if (added) Count++;
        else objects[key] = stored;
        return added;
    }

    public StoredObject? Remove(ResourceKey key)
    {
        if (Namespace(key, create: false) is not { } objects || !objects.Remove(key, out var stored)) return null;
        Count--;
        return stored;
    }

    /// <summary>The objects of a kind (all kinds when null), in one namespace when given.</summary>
    public List<StoredObject> Select(string? kind, string? ns)
    {
        var result = new List<StoredObject>();
        foreach (var (objectsKind, namespaces) in byKind)
        {
            if (kind is not null && objectsKind != kind) continue;
            if (ns is not null)
            {
                if (namespaces.TryGetValue(ns, out var inNamespace)) result.AddRange(inNamespace.Values);
                continue;
            }
            foreach (var objects in namespaces.Values) result.AddRange(objects.Values);
        }
        return result;
    }

    // Cluster-scoped objects live under the empty namespace name, which no tenant can have.
    private Dictionary<ResourceKey, StoredObject>? Namespace(ResourceKey key, bool create)
    {
        if (!byKind.TryGetValue(key.Kind, out var namespaces))
        {
            if (!create) return null;
            byKind[key.Kind] = namespaces = new Dictionary<string, Dictionary<ResourceKey, StoredObject>>(StringComparer.Ordinal);
        }
        var ns = key.Namespace ?? "";
        if (!namespaces.TryGetValue(ns, out var objects))
        {
            if (!create) return null;
            namespaces[ns] = objects = [];
        }
        return objects;
    }
}
