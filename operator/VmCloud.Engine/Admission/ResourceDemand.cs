using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;

namespace VmCloud.Engine.Admission;

/// <summary>
/// What resources count against a tenant's quota: objects by kind, server vCPUs and memory, GPUs by
/// model, and volume storage (server disks come with their plan and are not counted).
/// </summary>
public sealed record ResourceDemand
{
    /// <summary>Objects by kind name.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; init; } = new Dictionary<string, int>();

    /// <summary>vCPUs of VirtualServers and GpuInstances.</summary>
    public int Vcpus { get; init; }

    /// <summary>Memory of VirtualServers and GpuInstances.</summary>
    public int MemoryGiB { get; init; }

    /// <summary>Volume storage.</summary>
    public int StorageGiB { get; init; }

    /// <summary>GPUs by catalogue model.</summary>
    public IReadOnlyDictionary<string, int> Gpus { get; init; } = new Dictionary<string, int>();

    /// <summary>Nothing.</summary>
    public static ResourceDemand None { get; } = new();

    /// <summary>The demand of one object, from its plan in the catalogue (nothing for kinds without one).</summary>
    public static ResourceDemand Of(CustomResource resource, ProductCatalog catalog)
    {
        var counts = new Dictionary<string, int> { [resource.Kind] = 1 };
        switch (resource)
        {
            case IServer server when catalog.FindOffer(server.ServerSpec.Plan) is { } offer:
                return new ResourceDemand
                {
                    Counts = counts,
                    Vcpus = offer.Vcpus ?? 0,
                    MemoryGiB = offer.MemoryGiB ?? 0,
                    Gpus = offer.Gpu is { } gpu ? new Dictionary<string, int> { [gpu.Model] = gpu.Count } : new Dictionary<string, int>(),
                };
            case Volume volume:
                return new ResourceDemand { Counts = counts, StorageGiB = volume.Spec.SizeGiB };
            case LoadBalancer or CdnDistribution or IServer:
                return new ResourceDemand { Counts = counts };
            default:
                return None;
        }
    }

    /// <summary>The sum of two demands.</summary>
    public ResourceDemand Plus(ResourceDemand other) => new()
    {
        Counts = Merge(Counts, other.Counts),
        Vcpus = Vcpus + other.Vcpus,
        MemoryGiB = MemoryGiB + other.MemoryGiB,
        StorageGiB = StorageGiB + other.StorageGiB,
        Gpus = Merge(Gpus, other.Gpus),
    };

    private static Dictionary<string, int> Merge(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        var sum = new Dictionary<string, int>(a);
        foreach (var (key, value) in b) sum[key] = sum.GetValueOrDefault(key) + value;
        return sum;
    }
}
