using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Agents;

/// <summary>
/// The objects agents realise, as the hub last saw them, indexed for the two questions a change asks:
/// which volumes may a server attach, and which servers does a volume attach to. Not thread-safe.
/// </summary>
internal sealed class HubObjects
{
    private readonly Dictionary<ResourceKey, CustomResource> all = [];
    private readonly Dictionary<string, Dictionary<string, Volume>> volumes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Namespace, string Volume), HashSet<ResourceKey>> listedBy = [];

    /// <summary>Every object, by key.</summary>
    public IReadOnlyDictionary<ResourceKey, CustomResource> All => all;

    /// <summary>Records an object's latest version.</summary>
    public void Put(CustomResource resource)
    {
        Remove(ResourceKey.Of(resource));
        all[ResourceKey.Of(resource)] = resource;
        if (resource is Volume volume) VolumesOf(resource.Metadata.Namespace)[resource.Metadata.Name] = volume;
        if (resource is IServer server)
            foreach (var name in server.ServerSpec.Volumes) Listing(resource.Metadata.Namespace, name).Add(ResourceKey.Of(resource));
    }

    /// <summary>Forgets an object.</summary>
    public void Remove(ResourceKey key)
    {
        if (!all.Remove(key, out var old)) return;
        if (old is Volume) VolumesOf(old.Metadata.Namespace).Remove(old.Metadata.Name);
        if (old is IServer server)
            foreach (var name in server.ServerSpec.Volumes) Listing(old.Metadata.Namespace, name).Remove(key);
    }

    /// <summary>Forgets everything (before a relist).</summary>
    public void Clear()
    {
        all.Clear();
        volumes.Clear();
        listedBy.Clear();
    }

    /// <summary>The volumes of a namespace.</summary>
    public IEnumerable<Volume> VolumesIn(string? ns) => volumes.TryGetValue(ns ?? "", out var found) ? found.Values : [];

    /// <summary>The servers a volume attaches to: the one it names, and those that list it.</summary>
    public IEnumerable<CustomResource> ServersOf(Volume volume)
    {
        var ns = volume.Metadata.Namespace;
        var keys = new HashSet<ResourceKey>(Listing(ns, volume.Metadata.Name));
        if (volume.Spec.AttachTo is { } name)
        {
            keys.Add(new ResourceKey(nameof(VirtualServer), ns, name));
            keys.Add(new ResourceKey(nameof(GpuInstance), ns, name));
        }
        return keys.Select(all.GetValueOrDefault).OfType<CustomResource>();
    }

    private Dictionary<string, Volume> VolumesOf(string? ns)
    {
        if (!volumes.TryGetValue(ns ?? "", out var found)) volumes[ns ?? ""] = found = new(StringComparer.Ordinal);
        return found;
    }

    private HashSet<ResourceKey> Listing(string? ns, string volume)
    {
        if (!listedBy.TryGetValue((ns, volume), out var found)) listedBy[(ns, volume)] = found = [];
        return found;
    }
}
