using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Engine.Reconcilers;

namespace VmCloud.Engine.Agents;

/// <summary>
/// What one object asks of its node's agent: realise it (a server or volume entry), remove it (it
/// is being deleted), or nothing (not bound yet, or not an agent-driven kind). Pure.
/// </summary>
public static class DesiredEntries
{
    /// <summary>The kinds an agent realises today: domains and pool volumes.</summary>
    public static readonly IReadOnlyList<string> Kinds = [nameof(VirtualServer), nameof(GpuInstance), nameof(Volume)];

    /// <summary>Where an object stands for its node, given the volumes of its namespace (for a server's disks).</summary>
    public static NodeEntry? For(CustomResource resource, IEnumerable<Volume> volumesInNamespace, ProductCatalog catalog)
    {
        if (FleetView.Bound(resource) is not { } node || resource.Metadata.Uid is not { } uid) return null;
        if (resource.Metadata.DeletionTimestamp is not null) return new NodeEntry(node, uid, null, null);
        return resource switch
        {
            IServer server when catalog.FindOffer(server.ServerSpec.Plan) is { } offer =>
                new NodeEntry(node, uid, Server(resource, server, offer, AttachedVolumes(resource, server, volumesInNamespace, node)), null),
            Volume volume => new NodeEntry(node, uid, null,
                new DesiredVolume(OwnerOf(resource), volume.Spec.Class, volume.Spec.SizeGiB)),
            _ => null,
        };
    }

    private static DesiredServer Server(CustomResource resource, IServer server, Offer offer, IReadOnlyList<string> volumes)
    {
        var spec = server.ServerSpec;
        return new DesiredServer(OwnerOf(resource), spec.Plan, offer.Vcpus ?? 1, (offer.MemoryGiB ?? 1) * 1024, offer.DiskGiB ?? 10,
            spec.Image, spec.PowerState, resource.Metadata.Name, spec.SshKeys, server.Status?.Gpus ?? [], volumes);
    }

    // A server's disks: the volumes it lists, in order, then those that name it in attachTo; only
    // those already on its node, since a disk can only come from the node's own pool.
    private static IReadOnlyList<string> AttachedVolumes(CustomResource resource, IServer server, IEnumerable<Volume> volumes, string node)
    {
        var onNode = volumes.Where(v => v.Status?.NodeName == node && v.Metadata.DeletionTimestamp is null && v.Metadata.Uid is not null).ToList();
        var listed = server.ServerSpec.Volumes.Select(name => onNode.FirstOrDefault(v => v.Metadata.Name == name)).OfType<Volume>();
        var naming = onNode.Where(v => v.Spec.AttachTo == resource.Metadata.Name).OrderBy(v => v.Metadata.Name, StringComparer.Ordinal);
        return [.. listed.Concat(naming).Select(v => v.Metadata.Uid!).Distinct()];
    }

    private static Owner OwnerOf(CustomResource resource) => new(
        resource.Metadata.Uid!, resource.Kind, resource.Metadata.Namespace ?? "", resource.Metadata.Name, resource.Metadata.Generation ?? 0);
}

/// <summary>One object's entry on its node: a server or a volume to realise, or neither (to remove).</summary>
/// <param name="Node">The node it is bound to.</param>
/// <param name="Uid">The object's uid.</param>
/// <param name="Server">The domain to realise.</param>
/// <param name="Volume">The volume to realise.</param>
public sealed record NodeEntry(string Node, string Uid, DesiredServer? Server, DesiredVolume? Volume)
{
    /// <summary>Whether the node must remove what it holds for the uid.</summary>
    public bool Removing => Server is null && Volume is null;
}
