namespace VmCloud.Engine.Scheduling;

/// <summary>
/// Decides where one object goes: a pure, deterministic function of the request, the node
/// snapshots and the policy. It records nothing; <see cref="FleetAllocation"/> applies decisions.
/// Filters and scoring are described in README.md.
/// </summary>
public static class Scheduler
{
    /// <summary>The node for <paramref name="request"/> among <paramref name="nodes"/>, or why there is none.</summary>
    /// <remarks>Nodes of other datacenters and roles are ignored; the order of the nodes does not matter.</remarks>
    public static PlacementResult Schedule(PlacementRequest request, IEnumerable<NodeSnapshot> nodes, SchedulingPolicy policy)
    {
        var candidates = nodes
            .Where(n => n.Role == request.Role && string.Equals(n.Datacenter, request.Datacenter, StringComparison.Ordinal))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        return SchedulePool(request, new NodePool(candidates, new CapacityRules(policy)), policy);
    }

    /// <summary><see cref="Schedule"/> over a pool of the request's datacenter and role, as <see cref="FleetAllocation"/> keeps them.</summary>
    internal static PlacementResult SchedulePool(PlacementRequest request, NodePool pool, SchedulingPolicy policy)
    {
        if (policy.RefusalOf(request) is { } refusal)
            return new PlacementResult.Unschedulable(refusal);
        var rules = pool.Rules;
        var spreadKey = request.SpreadKey;
        var rejections = new NodeRejections(request, pool);
        var best = -1;
        var bestScore = default(NodeScore);
        for (var i = 0; i < pool.Count; i++)
        {
            ref readonly var row = ref pool.Row(i);
            // The node object is read only for GPU requests and would-be winners; a VPS decision reads rows.
            var verdict = NodeFit.Check(row, request.NeedsGpus ? pool[i] : null, request, out var freeGpus);
            if (verdict != FitVerdict.Fits)
            {
                rejections.Add(verdict, i);
                continue;
            }
            var score = NodeScore.Of(row, request, rules, freeGpus);
            if (best >= 0 && !score.Beats(bestScore))
                continue;
            // Only a node that would win is checked for the spread group; when none fits, every
            // node that got this far is checked, so the reason counts them all.
            if (NodeFit.SpreadGroupTaken(pool[i], spreadKey))
                rejections.Add(FitVerdict.SpreadGroupTaken, i);
            else
                (best, bestScore) = (i, score);
        }
        return best < 0
            ? new PlacementResult.Unschedulable(rejections.Reason())
            : new PlacementResult.Placed(new Placement(request, pool[best].Name, AllotGpus(pool[best], request)));
    }

    private static string[] AllotGpus(NodeSnapshot node, PlacementRequest request) => request.NeedsGpus
        ? [.. node.FreeGpus(request.GpuModel!).Take(request.GpuCount).Select(g => g.PciAddress)]
        : [];
}
