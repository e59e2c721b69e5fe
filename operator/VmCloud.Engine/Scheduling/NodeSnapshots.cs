using VmCloud.Api;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Engine.Scheduling;

/// <summary>Turns HypervisorNodes, as their agents report them, into what the scheduler reads.</summary>
public static class NodeSnapshots
{
    /// <summary>
    /// How old a heartbeat may be before the node stops taking new work: a few missed heartbeats,
    /// so a single lost packet does not cordon a node, and a dead node is skipped within a minute.
    /// </summary>
    public static readonly TimeSpan DefaultHeartbeatTimeout = TimeSpan.FromSeconds(40);

    /// <summary>
    /// The node with nothing allocated; record what is bound to it with <see cref="FleetAllocation.Bind"/>.
    /// A node whose agent never reported has no capacity and is not Ready.
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="now">The time heartbeats are judged at.</param>
    /// <param name="heartbeatTimeout">How old a heartbeat may be, e.g. <see cref="DefaultHeartbeatTimeout"/>.</param>
    public static NodeSnapshot From(HypervisorNode node, DateTimeOffset now, TimeSpan heartbeatTimeout)
    {
        var capacity = node.Status?.Capacity ?? new NodeCapacity();
        return new NodeSnapshot
        {
            Name = node.Metadata.Name,
            Datacenter = node.Spec.Datacenter,
            Role = node.Spec.Role,
            Unschedulable = node.Spec.Unschedulable,
            Fenced = node.Spec.Fenced,
            Ready = IsReady(node, now, heartbeatTimeout),
            Capacity = new ResourceAmounts(capacity.Vcpus, capacity.MemoryGiB, capacity.StorageGiB),
            Gpus = [.. (node.Status?.Gpus ?? [])
                .Select(g => new NodeGpu(g.Model, g.PciAddress))
                .OrderBy(g => g.PciAddress, StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// Whether the node takes new work as far as its agent goes: the last heartbeat is at most
    /// <paramref name="heartbeatTimeout"/> old and no Ready condition says otherwise. Both are
    /// checked because the heartbeat is the agent's word and the condition may lag it either way.
    /// </summary>
    public static bool IsReady(HypervisorNode node, DateTimeOffset now, TimeSpan heartbeatTimeout)
    {
        if (node.Status?.LastHeartbeatTime is not { } heartbeat || now - heartbeat > heartbeatTimeout)
            return false;
        var ready = node.Status.Conditions.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        return ready is null || ready.Status == ConditionStatus.True;
    }
}
