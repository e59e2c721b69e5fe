namespace VmCloud.Engine.Scheduling;

/// <summary>
/// How much the scheduler likes a node that fits; lower is better, key by key. Nodes are scanned
/// in name order and a tie keeps the first, so the same input always gives the same node. See README.md.
/// </summary>
/// <param name="Primary">GPU requests: free GPUs of the model. Others: 1 when the node would go over a target, else 0.</param>
/// <param name="Utilisation">Others: the larger of the vCPU and memory shares after placing. GPU requests: 0.</param>
/// <param name="FreeStorage">Local storage left after placing.</param>
/// <param name="Placements">Others: objects already on the node, so that requests without resources (load balancers) spread too.</param>
internal readonly record struct NodeScore(int Primary, double Utilisation, int FreeStorage, int Placements)
{
    /// <summary>The score of placing the request on a node that fits.</summary>
    /// <param name="row">The node's row.</param>
    /// <param name="request">What to place.</param>
    /// <param name="rules">The targets.</param>
    /// <param name="freeGpus">Free GPUs of the requested model on the node.</param>
    public static NodeScore Of(in NodeRow row, PlacementRequest request, in CapacityRules rules, int freeGpus)
    {
        var freeStorage = row.Free.StorageGiB - request.DiskGiB;
        if (request.NeedsGpus)
        {
            // Pack: the node with the fewest free devices that still fits keeps whole 8-GPU nodes
            // for the plans that need them; then the least free storage keeps big-disk nodes for big plans.
            return new NodeScore(freeGpus, 0, freeStorage, 0);
        }
        var after = row.Sellable - row.Free + request.Resources;
        var vcpu = Ratio(after.Vcpus, row.Sellable.Vcpus);
        var memory = Ratio(after.MemoryGiB, row.Sellable.MemoryGiB);
        var storage = Ratio(after.StorageGiB, row.Sellable.StorageGiB);
        var overTarget = vcpu > rules.TargetVcpu || memory > rules.TargetMemory || storage > rules.TargetStorage;
        // Spread by vCPU and memory, the load neighbours feel. Storage counts against its target
        // only: storage-dense nodes have six times the disk of standard ones by design, and a share
        // of it would pull every small server onto them, leaving no room for the plans that need them.
        return new NodeScore(overTarget ? 1 : 0, Math.Max(vcpu, memory), freeStorage, row.Placements);
    }

    /// <summary>Whether this score beats <paramref name="best"/>; equal is not better, so the earlier name keeps it.</summary>
    public bool Beats(in NodeScore best)
    {
        if (Primary != best.Primary) return Primary < best.Primary;
        if (Utilisation != best.Utilisation) return Utilisation < best.Utilisation;
        if (FreeStorage != best.FreeStorage) return FreeStorage < best.FreeStorage;
        return Placements < best.Placements;
    }

    private static double Ratio(int used, int sellable) => sellable > 0 ? (double)used / sellable : used > 0 ? double.PositiveInfinity : 0;
}
