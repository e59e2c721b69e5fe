using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;

namespace VmCloud.Core.Validation;

/// <summary>The manifests of a tree by kind, namespace and name; a second object with the same key is an error.</summary>
internal sealed class ManifestIndex
{
    private readonly Dictionary<(string Kind, string? Namespace, string Name), Manifest> byKey = [];

    public ManifestIndex(IEnumerable<Manifest> manifests, List<ManifestError> errors)
    {
        foreach (var manifest in manifests)
        {
            var key = (manifest.Kind.Kind, manifest.Namespace, manifest.Name);
            if (byKey.TryGetValue(key, out var first))
                errors.Add(manifest.Error("metadata.name", $"declared twice; the first is at {first.At}. Rename or remove one"));
            else
                byKey[key] = manifest;
        }
    }

    /// <summary>Every distinct object.</summary>
    public IEnumerable<Manifest> All => byKey.Values;

    /// <summary>The objects of one kind (or implementing one interface), with their typed form.</summary>
    public IEnumerable<(Manifest Manifest, T Object)> OfKind<T>() where T : class =>
        byKey.Values.Where(m => m.Object is T).Select(m => (m, (T)(object)m.Object));

    /// <summary>The object of a kind with this namespace and name, if declared.</summary>
    public T? Find<T>(string? ns, string name) where T : CustomResource =>
        byKey.GetValueOrDefault((typeof(T).Name, ns, name))?.Object as T;

    /// <summary>The VirtualServer or GpuInstance of this name in the namespace; both existing is ambiguous.</summary>
    public IReadOnlyList<IServer> Servers(string? ns, string name) =>
        new IServer?[] { Find<VirtualServer>(ns, name), Find<GpuInstance>(ns, name) }.OfType<IServer>().ToList();

    /// <summary>The VirtualServers and GpuInstances of a namespace.</summary>
    public IEnumerable<IServer> ServersIn(string? ns) =>
        byKey.Values.Where(m => m.Namespace == ns).Select(m => m.Object).OfType<IServer>();
}
