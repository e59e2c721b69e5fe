using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Scheduling;

/// <summary>
/// The fleet's nodes with what is bound to them, kept current as objects are placed and released,
/// so that a caller can place many objects in sequence (<c>vmcl plan</c>, the reconcilers). Nodes
/// are indexed by (datacenter, role) and carry their own allocated totals, so a decision scans only
/// the nodes that could take the object and never the placements. Not thread-safe: one owner.
/// </summary>
public sealed class FleetAllocation
{
    private readonly Dictionary<(string Datacenter, NodeRole Role), NodePool> _byPool = [];
    private readonly Dictionary<string, (NodePool Pool, int Index)> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<ResourceKey, Placement> _placements = [];
    private readonly Dictionary<(string Node, string Group), int> _spreadMembers = [];

    /// <summary>A fleet of these nodes; what their snapshots already count as allocated stays allocated.</summary>
    /// <exception cref="ArgumentException">Two nodes share a name.</exception>
    public FleetAllocation(IEnumerable<NodeSnapshot> nodes, SchedulingPolicy policy)
    {
        Policy = policy;
        var rules = new CapacityRules(policy);
        var byName = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        for (var i = 1; i < byName.Count; i++)
        {
            if (byName[i].Name == byName[i - 1].Name)
                throw new ArgumentException($"node {byName[i].Name} appears twice; node names are unique", nameof(nodes));
        }
        foreach (var group in byName.GroupBy(n => (n.Datacenter, n.Role)))
        {
            var pool = new NodePool([.. group], rules);
            _byPool[group.Key] = pool;
            for (var i = 0; i < pool.Count; i++)
                _byName[pool[i].Name] = (pool, i);
        }
    }

    /// <summary>The rules decisions follow.</summary>
    public SchedulingPolicy Policy { get; }

    /// <summary>Every node as it is now, by name.</summary>
    public IEnumerable<NodeSnapshot> Nodes => _byName.Keys.Order(StringComparer.Ordinal).Select(n => FindNode(n)!);

    /// <summary>Every placement recorded here.</summary>
    public IReadOnlyCollection<Placement> Placements => _placements.Values;

    /// <summary>A node as it is now, or null.</summary>
    public NodeSnapshot? FindNode(string name) => _byName.TryGetValue(name, out var at) ? at.Pool[at.Index] : null;

    /// <summary>Where an object is bound, or null.</summary>
    public Placement? FindPlacement(ResourceKey key) => _placements.GetValueOrDefault(key);

    /// <summary>
    /// Decides where the object goes and records it. An object already placed keeps its placement,
    /// so a reconcile that runs twice binds once; to move or resize one, release it first.
    /// </summary>
    public PlacementResult Place(PlacementRequest request)
    {
        if (_placements.TryGetValue(request.Key, out var existing))
            return new PlacementResult.Placed(existing);
        var pool = _byPool.GetValueOrDefault((request.Datacenter, request.Role)) ?? NodePool.Empty;
        var result = Scheduler.SchedulePool(request, pool, Policy);
        if (result is PlacementResult.Placed placed)
            Record(placed.Placement);
        return result;
    }

    /// <summary>
    /// Records an existing binding (a server whose status names its node), whether or not it fits:
    /// it runs there already. False when the node is not in the fleet, which records nothing.
    /// </summary>
    public bool Bind(Placement placement)
    {
        if (!_byName.ContainsKey(placement.NodeName))
            return false;
        Release(placement.Request.Key);
        Record(placement);
        return true;
    }

    /// <summary>Takes an object's resources back from its node; false when it was not placed here.</summary>
    public bool Release(ResourceKey key)
    {
        if (!_placements.Remove(key, out var placement))
            return false;
        var lastOfItsGroup = true;
        if (placement.Request.SpreadKey is { } group)
        {
            var member = (placement.NodeName, group);
            var remaining = _spreadMembers[member] - 1;
            lastOfItsGroup = remaining == 0;
            if (lastOfItsGroup) _spreadMembers.Remove(member);
            else _spreadMembers[member] = remaining;
        }
        Update(placement.NodeName, node => node.Release(placement, lastOfItsGroup));
        return true;
    }

    private void Record(Placement placement)
    {
        _placements[placement.Request.Key] = placement;
        if (placement.Request.SpreadKey is { } group)
            _spreadMembers[(placement.NodeName, group)] = _spreadMembers.GetValueOrDefault((placement.NodeName, group)) + 1;
        Update(placement.NodeName, node => node.Allocate(placement));
    }

    private void Update(string nodeName, Func<NodeSnapshot, NodeSnapshot> change)
    {
        var (pool, index) = _byName[nodeName];
        pool.Replace(index, change(pool[index]));
    }
}
