namespace VmCloud.Engine.Scheduling;

/// <summary>What the scan reads of a node, in one small value: no pointer to chase for a VPS decision.</summary>
/// <param name="Sellable">Capacity times the overcommit ratios.</param>
/// <param name="Free">Sellable minus allocated.</param>
/// <param name="Placements">Objects bound to the node.</param>
/// <param name="Available">Ready, not cordoned, not fenced.</param>
internal readonly record struct NodeRow(ResourceAmounts Sellable, ResourceAmounts Free, int Placements, bool Available)
{
    /// <summary>The row of a node under these rules.</summary>
    public static NodeRow Of(NodeSnapshot node, in CapacityRules rules)
    {
        var sellable = rules.Sellable(node);
        return new NodeRow(sellable, sellable - node.Allocated, node.PlacementCount, node.Available);
    }
}

/// <summary>
/// The nodes of one datacenter and role in name order, each with its <see cref="NodeRow"/> in a
/// contiguous array. A decision over thousands of nodes then reads memory in sequence instead of
/// one scattered object per node, and name order makes "the first of equals" the tie-break by name.
/// </summary>
internal sealed class NodePool
{
    private readonly CapacityRules _rules;
    private readonly NodeSnapshot[] _nodes;
    private readonly NodeRow[] _rows;

    /// <summary>A pool of <paramref name="nodesByName"/>, which must be in ordinal name order.</summary>
    public NodePool(IReadOnlyCollection<NodeSnapshot> nodesByName, CapacityRules rules)
    {
        _rules = rules;
        _nodes = [.. nodesByName];
        _rows = new NodeRow[_nodes.Length];
        for (var i = 0; i < _nodes.Length; i++)
            _rows[i] = NodeRow.Of(_nodes[i], rules);
    }

    /// <summary>An empty pool.</summary>
    public static NodePool Empty { get; } = new([], default);

    /// <summary>How many nodes.</summary>
    public int Count => _nodes.Length;

    /// <summary>The rules the rows were computed with.</summary>
    public CapacityRules Rules => _rules;

    /// <summary>A node.</summary>
    public NodeSnapshot this[int index] => _nodes[index];

    /// <summary>A node's row.</summary>
    public ref readonly NodeRow Row(int index) => ref _rows[index];

    /// <summary>Replaces a node by its new snapshot (same name) and recomputes its row.</summary>
    public void Replace(int index, NodeSnapshot node)
    {
        _nodes[index] = node;
        _rows[index] = NodeRow.Of(node, _rules);
    }

    /// <summary>The nodes, in name order.</summary>
    public IEnumerable<NodeSnapshot> Nodes => _nodes;
}
