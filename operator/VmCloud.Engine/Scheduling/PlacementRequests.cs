using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;

namespace VmCloud.Engine.Scheduling;

/// <summary>Turns resources into what the scheduler places, with sizes from the catalogue.</summary>
public static class PlacementRequests
{
    /// <summary>
    /// The request for a VirtualServer, GpuInstance or LoadBalancer; null for kinds that are not
    /// placed on one node (Volume on its own, CdnDistribution, Tenant) or a plan the catalogue lacks.
    /// </summary>
    /// <param name="resource">The object.</param>
    /// <param name="catalog">Where plan sizes come from.</param>
    /// <param name="volumes">
    /// Volumes to look in: those of the object's namespace that it lists in <c>spec.volumes</c> or
    /// that name it in <c>attachTo</c> live on its node, so their size adds to its disk.
    /// </param>
    public static PlacementRequest? For(CustomResource resource, ProductCatalog catalog, IEnumerable<Volume> volumes)
    {
        switch (resource)
        {
            case IServer server when catalog.FindOffer(server.ServerSpec.Plan) is { } offer:
                return new PlacementRequest
                {
                    Namespace = resource.Metadata.Namespace ?? "",
                    Name = resource.Metadata.Name,
                    Kind = resource.Kind,
                    Datacenter = server.ServerSpec.Datacenter,
                    Role = offer.Gpu is null ? NodeRole.Compute : NodeRole.Gpu,
                    Vcpus = offer.Vcpus ?? 0,
                    MemoryGiB = offer.MemoryGiB ?? 0,
                    DiskGiB = (offer.DiskGiB ?? 0) + AttachedGiB(resource, server.ServerSpec, volumes),
                    GpuModel = offer.Gpu?.Model,
                    GpuCount = offer.Gpu?.Count ?? 0,
                    SpreadGroup = (server.ServerSpec as VirtualServerSpec)?.SpreadGroup,
                };
            case LoadBalancer balancer:
                // A load balancer is an HAProxy frontend on an lb node: it takes no sized resources.
                return new PlacementRequest
                {
                    Namespace = resource.Metadata.Namespace ?? "",
                    Name = resource.Metadata.Name,
                    Kind = resource.Kind,
                    Datacenter = balancer.Spec.Datacenter,
                    Role = NodeRole.Lb,
                };
            default:
                return null;
        }
    }

    private static int AttachedGiB(CustomResource server, ServerSpec spec, IEnumerable<Volume> volumes) => volumes
        .Where(v => v.Metadata.Namespace == server.Metadata.Namespace
            && (spec.Volumes.Contains(v.Metadata.Name, StringComparer.Ordinal) || v.Spec.AttachTo == server.Metadata.Name))
        .DistinctBy(v => v.Metadata.Name, StringComparer.Ordinal)
        .Sum(v => v.Spec.SizeGiB);
}
