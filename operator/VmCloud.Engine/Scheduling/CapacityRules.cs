using VmCloud.Api.V1Alpha1;

namespace VmCloud.Engine.Scheduling;

/// <summary>
/// The capacity numbers of a <see cref="SchedulingPolicy"/> in the form the scan reads thousands of
/// times per decision: overcommit ratios as integers in millionths, so sellable capacity is exact
/// integer arithmetic, and targets as doubles for comparing utilisation. Built once per decision.
/// </summary>
internal readonly struct CapacityRules
{
    // Ratios with more than six decimals round to the sixth, far below one vCPU on any node.
    private const long Millionths = 1_000_000;
    private readonly long _vcpu, _memory, _storage;

    public CapacityRules(SchedulingPolicy policy)
    {
        _vcpu = ToMillionths(policy.Overcommit.Vcpu);
        _memory = ToMillionths(policy.Overcommit.Memory);
        _storage = ToMillionths(policy.Overcommit.Storage);
        TargetVcpu = (double)policy.Targets.Vcpu;
        TargetMemory = (double)policy.Targets.Memory;
        TargetStorage = (double)policy.Targets.Storage;
    }

    /// <summary>Target share of sellable vCPUs.</summary>
    public double TargetVcpu { get; }

    /// <summary>Target share of memory.</summary>
    public double TargetMemory { get; }

    /// <summary>Target share of storage.</summary>
    public double TargetStorage { get; }

    /// <summary>
    /// What a node can sell: physical capacity times the overcommit ratios. GPU nodes get no vCPU
    /// overcommit: a GPU job is a CPU-bound feeder (data loading, tokenising, augmentation) that
    /// keeps every core of its plan busy, and the catalogue's GPU plans size vCPUs per GPU, so an
    /// oversold core would starve a GPU that costs a hundred times more than the core.
    /// </summary>
    public ResourceAmounts Sellable(NodeSnapshot node) => new(
        node.Role == NodeRole.Gpu ? node.Capacity.Vcpus : Scale(node.Capacity.Vcpus, _vcpu),
        Scale(node.Capacity.MemoryGiB, _memory),
        Scale(node.Capacity.StorageGiB, _storage));

    private static int Scale(int amount, long millionths) => (int)(amount * millionths / Millionths);

    private static long ToMillionths(decimal ratio) => (long)decimal.Round(ratio * Millionths);
}
