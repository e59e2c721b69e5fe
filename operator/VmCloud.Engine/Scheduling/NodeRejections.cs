using VmCloud.Api.V1Alpha1;

namespace VmCloud.Engine.Scheduling;

/// <summary>
/// Why the nodes of the request's datacenter and role were rejected, kept while the scheduler scans
/// them, so that an unschedulable reason can say what is short and where without a second pass.
/// </summary>
internal sealed class NodeRejections(PlacementRequest request, NodePool pool)
{
    private readonly int[] _byVerdict = new int[(int)FitVerdict.Fits];
    private int _cordoned, _fenced, _notReady, _gpusOfModel;
    private Closest _gpus, _vcpus, _memory, _storage;

    /// <summary>Records that the node at <paramref name="index"/> of the pool was rejected with <paramref name="verdict"/>.</summary>
    public void Add(FitVerdict verdict, int index)
    {
        _byVerdict[(int)verdict]++;
        var free = pool.Row(index).Free;
        switch (verdict)
        {
            case FitVerdict.NotAvailable:
                var node = pool[index];
                if (node.Unschedulable) _cordoned++;
                if (node.Fenced) _fenced++;
                if (!node.Ready) _notReady++;
                break;
            case FitVerdict.GpusShort:
                _gpusOfModel += pool[index].GpuCount(request.GpuModel!);
                _gpus.Offer(pool[index].FreeGpuCount(request.GpuModel!), index);
                break;
            case FitVerdict.VcpusShort: _vcpus.Offer(free.Vcpus, index); break;
            case FitVerdict.MemoryShort: _memory.Offer(free.MemoryGiB, index); break;
            case FitVerdict.StorageShort: _storage.Offer(free.StorageGiB, index); break;
        }
    }

    /// <summary>The sentence for when no node fits.</summary>
    public string Reason()
    {
        var total = _byVerdict.Sum();
        var role = RoleName(request.Role);
        var where = $"{role} node in {request.Datacenter}";
        if (total == 0)
            return $"datacenter {request.Datacenter} has no {role} node";
        // The furthest filter any node reached names the shortage; the nodes stopped earlier are
        // counted after it, so the sentence never hides a node that had more of that resource.
        var furthest = (FitVerdict)Array.FindLastIndex(_byVerdict, n => n > 0);
        var headline = furthest switch
        {
            FitVerdict.NotAvailable => total == 1
                ? $"the only {where} is {Unavailability()}"
                : $"all {total} {role} nodes in {request.Datacenter} are cordoned, fenced or not Ready ({Unavailability()})",
            FitVerdict.GpuModelMissing => $"no {where} has {request.GpuModel} GPUs",
            FitVerdict.GpusShort => _gpus.Amount == 0
                ? $"no {where} has {request.GpuCount} free {request.GpuModel}: all {_gpusOfModel} {request.GpuModel} there are allotted"
                : $"no {where} has {request.GpuCount} free {request.GpuModel}; at most {_gpus.Amount} free on one node ({NameOf(_gpus)})",
            FitVerdict.VcpusShort => $"no {where} has {request.Vcpus} free vCPUs (most free: {_vcpus.Amount} on {NameOf(_vcpus)})",
            FitVerdict.MemoryShort => $"no {where} has {request.MemoryGiB} GiB of free memory (most free: {_memory.Amount} GiB on {NameOf(_memory)})",
            FitVerdict.StorageShort => $"no {where} has {request.DiskGiB} GiB of free storage (most free: {_storage.Amount} GiB on {NameOf(_storage)})",
            _ => $"every {where} with room already runs a server of spread group {request.SpreadKey}",
        };
        var stoppedEarlier = _byVerdict.Take((int)furthest).Count(n => n > 0);
        return stoppedEarlier == 0 ? headline : $"{headline}; of {total} {role} nodes, {Breakdown()}";
    }

    private string Unavailability()
    {
        // One node reads "is cordoned and not Ready"; several read "(1 cordoned, 2 not Ready)".
        var single = _byVerdict[(int)FitVerdict.NotAvailable] == 1;
        List<string> parts = [];
        if (_cordoned > 0) parts.Add(single ? "cordoned" : $"{_cordoned} cordoned");
        if (_fenced > 0) parts.Add(single ? "fenced" : $"{_fenced} fenced");
        if (_notReady > 0) parts.Add(single ? "not Ready" : $"{_notReady} not Ready");
        return string.Join(single ? " and " : ", ", parts);
    }

    private string Breakdown()
    {
        List<string> parts = [];
        for (var verdict = FitVerdict.NotAvailable; verdict < FitVerdict.Fits; verdict++)
        {
            var count = _byVerdict[(int)verdict];
            if (count > 0) parts.Add($"{count} {Describe(verdict)}");
        }
        return string.Join(", ", parts);
    }

    private string Describe(FitVerdict verdict) => verdict switch
    {
        FitVerdict.NotAvailable => "cordoned, fenced or not Ready",
        FitVerdict.GpuModelMissing => $"without {request.GpuModel}",
        FitVerdict.GpusShort => $"short of free {request.GpuModel}",
        FitVerdict.VcpusShort => "short of vCPUs",
        FitVerdict.MemoryShort => "short of memory",
        FitVerdict.StorageShort => "short of storage",
        _ => $"already running spread group {request.SpreadKey}",
    };

    private string NameOf(Closest closest) => pool[closest.Index].Name;

    /// <summary>The role as manifests and messages spell it: compute, gpu, lb, cdn.</summary>
    public static string RoleName(NodeRole role) => role.ToString().ToLowerInvariant();

    /// <summary>
    /// The most of a resource one rejected node has, never below zero: a node bound over its
    /// capacity (by hand, or before a policy change) has none free, not less. The pool is in name
    /// order and a tie keeps the first, so the lowest name wins it.
    /// </summary>
    private struct Closest
    {
        private bool _seen;

        public int Amount { get; private set; }

        public int Index { get; private set; }

        public void Offer(int amount, int index)
        {
            amount = Math.Max(0, amount);
            if (_seen && amount <= Amount)
                return;
            (_seen, Amount, Index) = (true, amount, index);
        }
    }
}
