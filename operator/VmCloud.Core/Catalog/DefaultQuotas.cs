namespace VmCloud.Core.Catalog;

/// <summary>
/// The tenant quotas of policies/quotas.yaml, used for every limit a Tenant's
/// <c>spec.quotas</c> does not set.
/// </summary>
public sealed record DefaultQuotas
{
    /// <summary>Most VirtualServers.</summary>
    public required int VirtualServers { get; init; }

    /// <summary>Most GpuInstances.</summary>
    public required int GpuInstances { get; init; }

    /// <summary>Most LoadBalancers.</summary>
    public required int LoadBalancers { get; init; }

    /// <summary>Most CdnDistributions.</summary>
    public required int CdnDistributions { get; init; }

    /// <summary>Most Volumes.</summary>
    public required int Volumes { get; init; }

    /// <summary>Most vCPUs over all VirtualServers and GpuInstances.</summary>
    public required int Vcpus { get; init; }

    /// <summary>Most memory in GiB over all VirtualServers and GpuInstances.</summary>
    public required int MemoryGiB { get; init; }

    /// <summary>Most Volume storage in GiB (server disks come with their plan).</summary>
    public required int StorageGiB { get; init; }

    /// <summary>Most GPUs per catalogue model; a model not listed allows none.</summary>
    public required IReadOnlyDictionary<string, int> Gpus { get; init; }
}
