using VmCloud.Core.Catalog;

namespace VmCloud.Engine.Scheduling;

/// <summary>The rules of policies/ the scheduler applies: overcommit, target utilisation and datacenters.</summary>
/// <param name="Overcommit">Sellable capacity per unit of physical capacity.</param>
/// <param name="Targets">Utilisation the spread strategy tries to stay under.</param>
/// <param name="Datacenters">The datacenters by code.</param>
public sealed record SchedulingPolicy(
    OvercommitRatios Overcommit,
    TargetUtilisation Targets,
    IReadOnlyDictionary<string, Datacenter> Datacenters)
{
    /// <summary>The scheduling rules of a loaded policy set.</summary>
    public static SchedulingPolicy From(PolicySet policies) => new(
        policies.Capacity.Overcommit,
        policies.Capacity.TargetUtilisation,
        policies.Datacenters.ToDictionary(d => d.Code, StringComparer.Ordinal));

    /// <summary>What a node can sell: physical capacity times the overcommit ratios (none on vCPUs of GPU nodes).</summary>
    public ResourceAmounts Sellable(NodeSnapshot node) => new CapacityRules(this).Sellable(node);

    /// <summary>
    /// Why the request's datacenter takes no placement at all (unknown, closed, or without the
    /// plan's GPU model), or null when it may.
    /// </summary>
    public string? RefusalOf(PlacementRequest request)
    {
        if (!Datacenters.TryGetValue(request.Datacenter, out var datacenter))
            return $"datacenter {request.Datacenter} is not in policies/datacenters.yaml ({string.Join(", ", Datacenters.Keys.Order(StringComparer.Ordinal))})";
        if (!datacenter.Schedulable)
            return datacenter.Status == DatacenterStatus.Maintenance
                ? $"datacenter {datacenter.Code} is in maintenance and takes no new placements"
                : $"datacenter {datacenter.Code} takes no new placements (schedulable: false in policies/datacenters.yaml)";
        if (request.NeedsGpus && !datacenter.HasGpuModel(request.GpuModel!))
            return $"datacenter {datacenter.Code} has no {request.GpuModel} GPUs"
                + (datacenter.GpuModels.Count == 0 ? "" : $" (it has {string.Join(", ", datacenter.GpuModels)})");
        return null;
    }
}
