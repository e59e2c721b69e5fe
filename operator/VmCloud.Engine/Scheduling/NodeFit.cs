namespace VmCloud.Engine.Scheduling;

/// <summary>
/// The filters, in the order they are checked. A node is rejected by the first one it fails;
/// the order also ranks how far a node got, which decides what an unschedulable reason names.
/// </summary>
internal enum FitVerdict
{
    /// <summary>Cordoned, fenced or not Ready.</summary>
    NotAvailable,

    /// <summary>Has no GPU of the requested model.</summary>
    GpuModelMissing,

    /// <summary>Has the model, but fewer free devices than requested.</summary>
    GpusShort,

    /// <summary>Not enough sellable vCPUs left.</summary>
    VcpusShort,

    /// <summary>Not enough memory left.</summary>
    MemoryShort,

    /// <summary>Not enough local storage left.</summary>
    StorageShort,

    /// <summary>Already runs a server of the same namespace and spread group.</summary>
    SpreadGroupTaken,

    /// <summary>Passes every filter (the spread group is checked last, by <see cref="NodeFit.SpreadGroupTaken"/>).</summary>
    Fits,
}

/// <summary>The filters of one node against one request.</summary>
internal static class NodeFit
{
    /// <summary>The first filter the node fails before the spread group, or <see cref="FitVerdict.Fits"/>.</summary>
    /// <param name="row">The node's row.</param>
    /// <param name="node">The node, read only for GPU requests (null for others, to keep the scan on rows).</param>
    /// <param name="request">What to place.</param>
    /// <param name="freeGpus">Free GPUs of the requested model; 0 without GPUs.</param>
    public static FitVerdict Check(in NodeRow row, NodeSnapshot? node, PlacementRequest request, out int freeGpus)
    {
        freeGpus = 0;
        if (!row.Available)
            return FitVerdict.NotAvailable;
        if (request.NeedsGpus)
        {
            if (node!.GpuCount(request.GpuModel!) == 0)
                return FitVerdict.GpuModelMissing;
            // Whole devices on one node: a GPU plan's devices share one VM, so they cannot span nodes.
            freeGpus = node.FreeGpuCount(request.GpuModel!);
            if (freeGpus < request.GpuCount)
                return FitVerdict.GpusShort;
        }
        if (request.Vcpus > row.Free.Vcpus)
            return FitVerdict.VcpusShort;
        if (request.MemoryGiB > row.Free.MemoryGiB)
            return FitVerdict.MemoryShort;
        if (request.DiskGiB > row.Free.StorageGiB)
            return FitVerdict.StorageShort;
        return FitVerdict.Fits;
    }

    /// <summary>
    /// The last filter, kept apart so the scan runs it only on a node that would otherwise win:
    /// a set lookup per node is the most expensive check, and a node that would not win is not chosen anyway.
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="spreadKey">The request's <see cref="PlacementRequest.SpreadKey"/>, built once per decision.</param>
    public static bool SpreadGroupTaken(NodeSnapshot node, string? spreadKey) =>
        spreadKey is not null && node.SpreadGroups.Count > 0 && node.SpreadGroups.Contains(spreadKey);
}
