using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Scheduling;

/// <summary>
/// What the scheduler places: one server or load balancer with the resources it takes on a node.
/// Build it from a resource and the catalogue with <see cref="PlacementRequests.For"/>.
/// </summary>
public sealed record PlacementRequest
{
    /// <summary>The tenant (namespace) of the object.</summary>
    public required string Namespace { get; init; }

    /// <summary>The object's name.</summary>
    public required string Name { get; init; }

    /// <summary>The object's kind, e.g. VirtualServer.</summary>
    public required string Kind { get; init; }

    /// <summary>The datacenter code the object asks for, e.g. PAR-1.</summary>
    public required string Datacenter { get; init; }

    /// <summary>The node role that runs it: compute for VirtualServers, gpu for GpuInstances, lb for LoadBalancers.</summary>
    public required NodeRole Role { get; init; }

    /// <summary>vCPUs of the plan.</summary>
    public int Vcpus { get; init; }

    /// <summary>Memory of the plan, in GiB.</summary>
    public int MemoryGiB { get; init; }

    /// <summary>Local storage: the plan's disk plus the attached volumes, in GiB.</summary>
    public int DiskGiB { get; init; }

    /// <summary>The catalogue GPU model, or null when the plan has no GPU.</summary>
    public string? GpuModel { get; init; }

    /// <summary>Whole GPUs of <see cref="GpuModel"/>, all on one node.</summary>
    public int GpuCount { get; init; }

    /// <summary>The spread (anti-affinity) group inside the namespace, or null.</summary>
    public string? SpreadGroup { get; init; }

    /// <summary>The object's identity, which placements are recorded under.</summary>
    public ResourceKey Key => new(Kind, Namespace, Name);

    /// <summary>The spread group as nodes record it, <c>namespace/group</c>, or null.</summary>
    public string? SpreadKey => SpreadGroup is null ? null : $"{Namespace}/{SpreadGroup}";

    /// <summary>The divisible resources it takes.</summary>
    public ResourceAmounts Resources => new(Vcpus, MemoryGiB, DiskGiB);

    /// <summary>Whether it needs GPUs.</summary>
    public bool NeedsGpus => GpuCount > 0 && GpuModel is not null;
}
