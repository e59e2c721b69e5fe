using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Reconcilers;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Scheduling;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Nodes;

/// <summary>
/// Turns heartbeats into the node's Ready condition: True while the agent reports, Unknown once a
/// heartbeat is older than the timeout (nothing new is placed there, and what runs there stays
/// bound until staff fence the node). It looks again when the current heartbeat would expire.
/// </summary>
public sealed class NodeReconciler(IResourceStore store, FleetView fleet, EventRecorder events, TimeProvider time) : IReconciler
{
    /// <inheritdoc />
    public string Kind => nameof(HypervisorNode);

    /// <inheritdoc />
    public async Task<ReconcileOutcome> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var node = await store.GetAsync(key, cancellationToken) as HypervisorNode;
        if (node is null)
        {
            await fleet.NodeChangedAsync(key.Name, null, cancellationToken);
            return ReconcileOutcome.Done();
        }
        var now = time.GetUtcNow();
        var heartbeat = node.Status?.LastHeartbeatTime;
        var fresh = NodeSnapshots.IsReady(node with { Status = node.Status! with { Conditions = [] } }, now, fleet.HeartbeatTimeout);
        var (status, reason, message) = (heartbeat, fresh) switch
        {
            (null, _) => (ConditionStatus.Unknown, "NeverReported", "no agent has registered for this node yet"),
            (_, true) => (ConditionStatus.True, "AgentReporting", "the node's agent reports its heartbeat"),
            _ => (ConditionStatus.Unknown, "HeartbeatLost",
                $"no heartbeat since {heartbeat:u}: nothing new is placed here, and its servers stay bound until staff fence the node"),
        };
        var update = Conditions.Set(node.Status?.Conditions, ConditionTypes.Ready, status, reason, message, node.Metadata.Generation ?? 0, now);
        var phase = node.Spec.Fenced ? "Fenced" : status != ConditionStatus.True ? "NotReady" : node.Spec.Unschedulable ? "Cordoned" : "Ready";
        var newStatus = (node.Status ?? new HypervisorNodeStatus()) with
        {
            Conditions = update.Conditions,
            Phase = phase,
            ObservedGeneration = node.Metadata.Generation ?? 0,
        };
        if (StatusComparison.HasChanged(node.Status, newStatus))
            node = (HypervisorNode)await store.UpdateStatusAsync(node with { Status = newStatus }, cancellationToken);
        if (update.Transitioned && heartbeat is not null)
        {
            if (status == ConditionStatus.True) await events.NormalAsync(node, reason, message, cancellationToken);
            else await events.WarningAsync(node, reason, message, cancellationToken);
        }
        await fleet.NodeChangedAsync(key.Name, node, cancellationToken);
        return fresh ? ReconcileOutcome.Done(heartbeat!.Value + fleet.HeartbeatTimeout - now + TimeSpan.FromMilliseconds(1)) : ReconcileOutcome.Done();
    }
}
