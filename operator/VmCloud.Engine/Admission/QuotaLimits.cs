using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;

namespace VmCloud.Engine.Admission;

/// <summary>A tenant's effective limits: its own <c>spec.quotas</c>, each unset field from the policy defaults.</summary>
public sealed record QuotaLimits(
    IReadOnlyDictionary<string, int> Counts, int Vcpus, int MemoryGiB, int StorageGiB, IReadOnlyDictionary<string, int> Gpus)
{
    /// <summary>The limits of a tenant.</summary>
    public static QuotaLimits For(Tenant tenant, DefaultQuotas defaults)
    {
        var q = tenant.Spec.Quotas ?? new TenantQuotas();
        var counts = new Dictionary<string, int>
        {
            [nameof(VirtualServer)] = q.VirtualServers ?? defaults.VirtualServers,
            [nameof(GpuInstance)] = q.GpuInstances ?? defaults.GpuInstances,
            [nameof(LoadBalancer)] = q.LoadBalancers ?? defaults.LoadBalancers,
            [nameof(CdnDistribution)] = q.CdnDistributions ?? defaults.CdnDistributions,
            [nameof(Volume)] = q.Volumes ?? defaults.Volumes,
        };
        return new QuotaLimits(counts, q.Vcpus ?? defaults.Vcpus, q.MemoryGiB ?? defaults.MemoryGiB,
            q.StorageGiB ?? defaults.StorageGiB, q.Gpus ?? defaults.Gpus);
    }

    /// <summary>What <paramref name="usage"/> exceeds, one sentence per limit (empty when within).</summary>
    public IReadOnlyList<string> Exceeded(ResourceDemand usage)
    {
        var over = new List<string>();
        foreach (var (kind, count) in usage.Counts)
            if (Counts.TryGetValue(kind, out var limit) && count > limit) over.Add($"{count} {kind}s (quota {limit})");
        if (usage.Vcpus > Vcpus) over.Add($"{usage.Vcpus} vCPUs (quota {Vcpus})");
        if (usage.MemoryGiB > MemoryGiB) over.Add($"{usage.MemoryGiB} GiB of memory (quota {MemoryGiB})");
        if (usage.StorageGiB > StorageGiB) over.Add($"{usage.StorageGiB} GiB of volume storage (quota {StorageGiB})");
        foreach (var (model, count) in usage.Gpus)
            if (count > Gpus.GetValueOrDefault(model)) over.Add($"{count} {model} GPUs (quota {Gpus.GetValueOrDefault(model)})");
        return over;
    }
}
