using VmCloud.Agent.Libvirt;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;

namespace VmCloud.Agent.Fleet;

/// <summary>A simulated node of a hollow fleet, as its HypervisorNode manifest declares it.</summary>
/// <param name="Name">The node's name.</param>
/// <param name="Datacenter">Its datacenter.</param>
/// <param name="Role">What it serves.</param>
/// <param name="Vcpus">Hardware threads.</param>
/// <param name="MemoryGiB">Memory.</param>
/// <param name="StorageGiB">Storage pool capacity.</param>
/// <param name="Gpus">Its GPUs.</param>
public sealed record FleetNode(string Name, string Datacenter, NodeRole Role, int Vcpus, int MemoryGiB, int StorageGiB, IReadOnlyList<GpuDevice> Gpus)
{
    /// <summary>The libvirt test-driver hardware of the node: one socket, two threads per core when the thread count is even.</summary>
    public TestNodeSpec DriverSpec()
    {
        var threadsPerCore = Vcpus % 2 == 0 ? 2 : 1;
        return new TestNodeSpec(Name, 1, Vcpus / threadsPerCore, threadsPerCore, MemoryGiB * 1024L, StorageGiB, "/var/lib/libvirt/images");
    }

    /// <summary>
    /// Reads the HypervisorNode manifests of a file or folder (other kinds are skipped), with
    /// file:line errors for what cannot be read or simulated (a node without capacity in status).
    /// </summary>
    public static (IReadOnlyList<FleetNode> Nodes, IReadOnlyList<string> Errors) Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) return ([], [$"{path}: no such file or folder"]);
        var set = ManifestLoader.LoadTree(path, allowStatus: true);
        var errors = set.Errors.Select(e => e.ToString()).ToList();
        var nodes = new List<FleetNode>();
        foreach (var manifest in set.Manifests)
        {
            if (manifest.Object is not HypervisorNode node) continue;
            var capacity = node.Status?.Capacity;
            if (capacity is null || capacity.Vcpus <= 0 || capacity.MemoryGiB <= 0 || capacity.StorageGiB <= 0)
            {
                errors.Add(manifest.Error("status.capacity", "a simulated node needs status.capacity with vcpus, memoryGiB and storageGiB above 0").ToString());
                continue;
            }

            nodes.Add(new FleetNode(node.Metadata.Name, node.Spec.Datacenter, node.Spec.Role, capacity.Vcpus, capacity.MemoryGiB, capacity.StorageGiB,
                node.Status?.Gpus ?? []));
        }

        if (errors.Count == 0 && nodes.Count == 0) errors.Add($"{path}: no HypervisorNode manifest found");
        var duplicates = nodes.GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        errors.AddRange(duplicates.Select(d => $"{path}: node {d} is declared more than once"));
        return (nodes, errors);
    }
}
