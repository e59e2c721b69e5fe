using VmCloud.Core.Catalog;
using VmCloud.Engine.Scheduling;

namespace VmCloud.Engine.Capacity;

/// <summary>
/// One resource of one datacenter in the four states capacity is reported in. The word "sellable"
/// differs from <see cref="SchedulingPolicy.Sellable"/>: there it is capacity after overcommit, which
/// here is <see cref="Schedulable"/>; here it is what may be sold before the fleet counts as full.
/// </summary>
/// <param name="Physical">The hardware of every registered node, whatever its state.</param>
/// <param name="Schedulable">What the nodes that take new work can hold: after overcommit, on nodes that are
/// Ready, uncordoned and unfenced, in a datacenter the policy lets the scheduler use.</param>
/// <param name="Allocated">What the objects bound to the datacenter's nodes take, on any node.</param>
/// <param name="Sellable">Schedulable at the target utilisation.</param>
public readonly record struct CapacityStates(long Physical, long Schedulable, long Allocated, double Sellable)
{
    /// <summary>Allocated / schedulable; 0 when nothing is schedulable (a datacenter in maintenance).</summary>
    public double Utilisation => Schedulable > 0 ? (double)Allocated / Schedulable : 0;
}

/// <summary>The GPUs of one catalogue model in one datacenter.</summary>
/// <param name="Model">The catalogue model, e.g. A100-80GB.</param>
/// <param name="Devices">Whole devices: no overcommit.</param>
public sealed record GpuCapacity(string Model, CapacityStates Devices);

/// <summary>The capacity of one datacenter.</summary>
/// <param name="Datacenter">The datacenter code, e.g. PAR-1.</param>
/// <param name="Vcpus">vCPUs: hardware threads when physical.</param>
/// <param name="MemoryBytes">Memory, in bytes.</param>
/// <param name="StorageBytes">Local node storage, in bytes.</param>
/// <param name="Gpus">GPUs by model, in model order.</param>
public sealed record DatacenterCapacity(
    string Datacenter, CapacityStates Vcpus, CapacityStates MemoryBytes, CapacityStates StorageBytes, IReadOnlyList<GpuCapacity> Gpus);

/// <summary>
/// The fleet's capacity per datacenter, as the scheduler sees it: a pure function of the node
/// snapshots (what <see cref="FleetAllocation"/> keeps current) and the scheduling policy.
/// </summary>
/// <param name="Datacenters">Every datacenter of the policy, and any other a node names, in code order.</param>
/// <param name="Targets">The target utilisation of policies/capacity.yaml.</param>
public sealed record CapacityReport(IReadOnlyList<DatacenterCapacity> Datacenters, TargetUtilisation Targets)
{
    /// <summary>Bytes per GiB: node inventories are in GiB, the metrics in base units.</summary>
    public const long BytesPerGiB = 1L << 30;

    /// <summary>
    /// The report of <paramref name="nodes"/> under <paramref name="policy"/>. A node counts as
    /// schedulable when the scheduler would place on it: <see cref="NodeSnapshot.Available"/> and its
    /// datacenter schedulable (FRA-1, in maintenance, is not); its GPUs only for the models its
    /// datacenter offers, since the scheduler refuses a GPU model elsewhere.
    /// </summary>
    public static CapacityReport From(IEnumerable<NodeSnapshot> nodes, SchedulingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(policy);
        var rules = new CapacityRules(policy);
        var tallies = new SortedDictionary<string, DatacenterTally>(StringComparer.Ordinal);
        foreach (var (code, datacenter) in policy.Datacenters)
            tallies[code] = new DatacenterTally(datacenter.GpuModels);
        foreach (var node in nodes)
        {
            if (!tallies.TryGetValue(node.Datacenter, out var tally))
                tallies[node.Datacenter] = tally = new DatacenterTally([]);
            var datacenter = policy.Datacenters.GetValueOrDefault(node.Datacenter);
            tally.Add(node, node.Available && datacenter is { Schedulable: true } ? datacenter : null, rules);
        }
        return new CapacityReport([.. tallies.Select(t => t.Value.ToCapacity(t.Key, policy.Targets))], policy.Targets);
    }

    /// <summary>Sums per datacenter; mutable only while the report is built.</summary>
    private sealed class DatacenterTally
    {
        private readonly Tally vcpus = new();
        private readonly Tally memory = new();
        private readonly Tally storage = new();
        private readonly SortedDictionary<string, Tally> gpus = new(StringComparer.Ordinal);

        // Models the datacenter offers show even before a node has them (FRA-1's planned A100s).
        public DatacenterTally(IEnumerable<string> offeredModels)
        {
            foreach (var model in offeredModels)
                gpus.TryAdd(model, new Tally());
        }

        /// <param name="node">The node.</param>
        /// <param name="schedulableIn">Its datacenter when the node takes new work there, else null.</param>
        /// <param name="rules">The overcommit ratios.</param>
        public void Add(NodeSnapshot node, Datacenter? schedulableIn, in CapacityRules rules)
        {
            var overcommitted = schedulableIn is null ? ResourceAmounts.None : rules.Sellable(node);
            vcpus.Add(node.Capacity.Vcpus, overcommitted.Vcpus, node.Allocated.Vcpus);
            memory.Add(node.Capacity.MemoryGiB * BytesPerGiB, overcommitted.MemoryGiB * BytesPerGiB, node.Allocated.MemoryGiB * BytesPerGiB);
            storage.Add(node.Capacity.StorageGiB * BytesPerGiB, overcommitted.StorageGiB * BytesPerGiB, node.Allocated.StorageGiB * BytesPerGiB);
            foreach (var model in node.Gpus.Select(g => g.Model).Distinct(StringComparer.Ordinal))
            {
                if (!gpus.TryGetValue(model, out var tally))
                    gpus[model] = tally = new Tally();
                var count = node.GpuCount(model);
                var offered = schedulableIn is not null && schedulableIn.HasGpuModel(model);
                tally.Add(count, offered ? count : 0, count - node.FreeGpuCount(model));
            }
        }

        public DatacenterCapacity ToCapacity(string code, TargetUtilisation targets) => new(
            code,
            vcpus.ToStates(targets.Vcpu),
            memory.ToStates(targets.Memory),
            storage.ToStates(targets.Storage),
            // A model without a target has no plan in the catalogue: nothing of it can be sold.
            [.. gpus.Select(g => new GpuCapacity(g.Key, g.Value.ToStates(targets.ForGpu(g.Key) ?? 0)))]);
    }

    private sealed class Tally
    {
        private long physical, schedulable, allocated;

        public void Add(long physicalAmount, long schedulableAmount, long allocatedAmount)
        {
            physical += physicalAmount;
            schedulable += schedulableAmount;
            allocated += allocatedAmount;
        }

        public CapacityStates ToStates(decimal target) => new(physical, schedulable, allocated, (double)(schedulable * target));
    }
}
