using VmCloud.Core.Metrics;

namespace VmCloud.Engine.Capacity;

/// <summary>
/// A <see cref="CapacityReport"/> as the metric families of docs/metrics.md ("Operator: capacity"):
/// one gauge per resource with a <c>state</c> label, the utilisation per datacenter and resource,
/// and the targets. Pure: the same report always renders the same families.
/// </summary>
public static class CapacityFamilies
{
    /// <summary>The families of <paramref name="report"/>.</summary>
    public static IReadOnlyList<MetricFamily> Of(CapacityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var datacenters = report.Datacenters;
        return
        [
            MetricFamily.Gauge("vmcloud_capacity_vcpus",
                "vCPUs per datacenter by state: physical (hardware threads), schedulable (ready, uncordoned nodes of schedulable datacenters, after overcommit), allocated, sellable (schedulable at the target utilisation).",
                [.. datacenters.SelectMany(d => ByState(d.Vcpus, new Label("datacenter", d.Datacenter)))]),
            MetricFamily.Gauge("vmcloud_capacity_memory_bytes",
                "Memory per datacenter by state: physical, schedulable, allocated, sellable.",
                [.. datacenters.SelectMany(d => ByState(d.MemoryBytes, new Label("datacenter", d.Datacenter)))]),
            MetricFamily.Gauge("vmcloud_capacity_storage_bytes",
                "Local node storage per datacenter by state: physical, schedulable, allocated, sellable.",
                [.. datacenters.SelectMany(d => ByState(d.StorageBytes, new Label("datacenter", d.Datacenter)))]),
            MetricFamily.Gauge("vmcloud_capacity_gpus",
                "GPUs (whole devices) per datacenter and catalogue model by state: physical, schedulable, allocated, sellable.",
                [.. datacenters.SelectMany(d => d.Gpus.SelectMany(g => ByState(g.Devices, new Label("datacenter", d.Datacenter), new Label("model", g.Model))))]),
            MetricFamily.Gauge("vmcloud_capacity_utilisation_ratio",
                "Allocated / schedulable per datacenter and resource (vcpu, memory, storage, gpu with its model); 0 when nothing is schedulable.",
                [.. datacenters.SelectMany(Utilisations)]),
            MetricFamily.Gauge("vmcloud_capacity_target_utilisation_ratio",
                "The target utilisation of policies/capacity.yaml per resource (vcpu, memory, storage, gpu with its model).",
                Targets(report)),
        ];
    }

    private static IEnumerable<Sample> ByState(CapacityStates states, params Label[] labels)
    {
        yield return new Sample([.. labels, new Label("state", "physical")], states.Physical);
        yield return new Sample([.. labels, new Label("state", "schedulable")], states.Schedulable);
        yield return new Sample([.. labels, new Label("state", "allocated")], states.Allocated);
        yield return new Sample([.. labels, new Label("state", "sellable")], states.Sellable);
    }

    private static IEnumerable<Sample> Utilisations(DatacenterCapacity datacenter)
    {
        var at = new Label("datacenter", datacenter.Datacenter);
        yield return new Sample([at, new Label("resource", "vcpu")], datacenter.Vcpus.Utilisation);
        yield return new Sample([at, new Label("resource", "memory")], datacenter.MemoryBytes.Utilisation);
        yield return new Sample([at, new Label("resource", "storage")], datacenter.StorageBytes.Utilisation);
        foreach (var gpu in datacenter.Gpus)
            yield return new Sample([at, new Label("resource", "gpu"), new Label("model", gpu.Model)], gpu.Devices.Utilisation);
    }

    private static Sample[] Targets(CapacityReport report) =>
    [
        new([new Label("resource", "vcpu")], (double)report.Targets.Vcpu),
        new([new Label("resource", "memory")], (double)report.Targets.Memory),
        new([new Label("resource", "storage")], (double)report.Targets.Storage),
        .. report.Targets.Gpus.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Sample([new Label("resource", "gpu"), new Label("model", g.Key)], (double)g.Value)),
    ];
}
