using System.Collections.Immutable;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Engine.Scheduling;

/// <summary>One GPU of a node.</summary>
/// <param name="Model">The catalogue model, e.g. A100-80GB.</param>
/// <param name="PciAddress">The PCI address it is passed through by, e.g. 0000:41:00.0.</param>
public sealed record NodeGpu(string Model, string PciAddress);

/// <summary>
/// A node as the scheduler sees it at one moment: where it is, whether it takes new work, what it
/// has, and what is already allocated on it. Build it from a HypervisorNode with
/// <see cref="NodeSnapshots.From"/>; <see cref="FleetAllocation"/> keeps the allocated part current.
/// </summary>
public sealed record NodeSnapshot
{
    private readonly IReadOnlyList<NodeGpu> _gpus = [];

    // The model of every GPU when they are all one model, as on every real node: lets the scan
    // count free GPUs without a set lookup per device. Set with Gpus, so `with` keeps it right.
    private readonly string? _onlyModel;

    /// <summary>The HypervisorNode's name.</summary>
    public required string Name { get; init; }

    /// <summary>The datacenter code.</summary>
    public required string Datacenter { get; init; }

    /// <summary>What the node serves.</summary>
    public required NodeRole Role { get; init; }

    /// <summary>Cordoned by staff: nothing new goes here.</summary>
    public bool Unschedulable { get; init; }

    /// <summary>Fenced by staff: confirmed off, so what ran here may be placed elsewhere.</summary>
    public bool Fenced { get; init; }

    /// <summary>The agent's heartbeat is fresh and it reports the node healthy.</summary>
    public required bool Ready { get; init; }

    /// <summary>Physical capacity: hardware threads, memory and local storage.</summary>
    public required ResourceAmounts Capacity { get; init; }

    /// <summary>The node's GPUs.</summary>
    public IReadOnlyList<NodeGpu> Gpus
    {
        get => _gpus;
        init
        {
            _gpus = value;
            _onlyModel = value.Count > 0 && value.All(g => g.Model == value[0].Model) ? value[0].Model : null;
        }
    }

    /// <summary>What the objects bound here take, summed.</summary>
    public ResourceAmounts Allocated { get; init; }

    /// <summary>PCI addresses of the GPUs passed through to objects bound here; only addresses of <see cref="Gpus"/>.</summary>
    public ImmutableHashSet<string> GpusInUse { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Spread groups of the servers bound here, as <c>namespace/group</c>.</summary>
    public ImmutableHashSet<string> SpreadGroups { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>How many objects are bound here.</summary>
    public int PlacementCount { get; init; }

    /// <summary>Takes new work: Ready, not cordoned, not fenced.</summary>
    public bool Available => Ready && !Unschedulable && !Fenced;

    /// <summary>GPUs of a model on the node, in use or not.</summary>
    public int GpuCount(string model)
    {
        if (_onlyModel is not null)
            return string.Equals(_onlyModel, model, StringComparison.Ordinal) ? _gpus.Count : 0;
        var count = 0;
        foreach (var gpu in Gpus)
            if (string.Equals(gpu.Model, model, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>GPUs of a model not passed through to anything.</summary>
    public int FreeGpuCount(string model)
    {
        // GpusInUse holds only addresses of this node's GPUs (Allocate drops others).
        if (_onlyModel is not null)
            return string.Equals(_onlyModel, model, StringComparison.Ordinal) ? Math.Max(0, _gpus.Count - GpusInUse.Count) : 0;
        var count = 0;
        foreach (var gpu in Gpus)
            if (string.Equals(gpu.Model, model, StringComparison.Ordinal) && !GpusInUse.Contains(gpu.PciAddress)) count++;
        return count;
    }

    /// <summary>The free GPUs of a model, lowest PCI address first.</summary>
    public IEnumerable<NodeGpu> FreeGpus(string model) => Gpus
        .Where(g => string.Equals(g.Model, model, StringComparison.Ordinal) && !GpusInUse.Contains(g.PciAddress))
        .OrderBy(g => g.PciAddress, StringComparer.Ordinal);

    /// <summary>
    /// The node with a placement's resources, GPUs and spread group added. GPU addresses that are
    /// not this node's (a stale status) are left out: they pass nothing through here.
    /// </summary>
    public NodeSnapshot Allocate(Placement placement) => this with
    {
        Allocated = Allocated + placement.Request.Resources,
        GpusInUse = placement.GpuPciAddresses.Count == 0 ? GpusInUse
            : GpusInUse.Union(placement.GpuPciAddresses.Where(a => _gpus.Any(g => g.PciAddress == a))),
        SpreadGroups = placement.Request.SpreadKey is { } group ? SpreadGroups.Add(group) : SpreadGroups,
        PlacementCount = PlacementCount + 1,
    };

    /// <summary>
    /// The node with a placement's resources and GPUs taken back. The spread group is removed only
    /// when <paramref name="lastOfItsGroup"/>: a node can hold two of a group when they were bound
    /// by hand or before the group was set, and the remaining one must still count.
    /// </summary>
    public NodeSnapshot Release(Placement placement, bool lastOfItsGroup = true) => this with
    {
        Allocated = Allocated - placement.Request.Resources,
        GpusInUse = placement.GpuPciAddresses.Count == 0 ? GpusInUse : GpusInUse.Except(placement.GpuPciAddresses),
        SpreadGroups = placement.Request.SpreadKey is { } group && lastOfItsGroup ? SpreadGroups.Remove(group) : SpreadGroups,
        PlacementCount = PlacementCount - 1,
    };
}
