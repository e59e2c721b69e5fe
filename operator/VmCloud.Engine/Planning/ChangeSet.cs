using System.Text.Json;
using System.Text.Json.Nodes;
using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Planning;

/// <summary>The objects a new desired state creates, updates and deletes compared with the old one.</summary>
public static class ChangeSet
{
    /// <summary>Changes in a stable order: by kind, namespace, name.</summary>
    public static IReadOnlyList<PlannedChange> Between(IEnumerable<CustomResource> before, IEnumerable<CustomResource> after)
    {
        var old = before.ToDictionary(ResourceKey.Of);
        var @new = after.ToDictionary(ResourceKey.Of);
        var changes = new List<PlannedChange>();
        foreach (var (key, resource) in @new)
        {
            if (!old.TryGetValue(key, out var previous)) changes.Add(Change(PlannedChange.Create, key));
            else if (!SameDesiredState(previous, resource)) changes.Add(Change(PlannedChange.Update, key));
        }
        changes.AddRange(old.Keys.Where(k => !@new.ContainsKey(k)).Select(k => Change(PlannedChange.Delete, k)));
        return changes.OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Namespace, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Same spec, labels and annotations: what a source owns (status and system fields are not compared).</summary>
    public static bool SameDesiredState(CustomResource a, CustomResource b) =>
        Desired(a) == Desired(b);

    private static string Desired(CustomResource resource)
    {
        var json = JsonSerializer.SerializeToNode(resource, resource.GetType(), ApiJson.Options)!.AsObject();
        json.Remove("status");
        var metadata = json["metadata"]!.AsObject();
        foreach (var system in new[] { "uid", "generation", "resourceVersion", "creationTimestamp", "deletionTimestamp", "finalizers" })
            metadata.Remove(system);
        return Canonical(json)!.ToJsonString();
    }

    // Map keys sorted, so reordering labels or a map in a file is not a change.
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };

    private static PlannedChange Change(string action, ResourceKey key) => new(action, key.Kind, key.Namespace, key.Name);
}
