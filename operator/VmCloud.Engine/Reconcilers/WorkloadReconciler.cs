using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Admission;
using VmCloud.Engine.Agents;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Scheduling;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Reconcilers;

/// <summary>
/// Admits and places one kind of workload (VirtualServer, GpuInstance, LoadBalancer, Volume,
/// CdnDistribution). Steps: admission (Admitted), binding to a node (Scheduled; the node is
/// written to the status before any agent is told), then readiness (Ready), which only the node
/// agent's report can make True. What an agent realises carries <see cref="AgentFinalizer"/>, so a
/// deletion waits until the agent confirms nothing remains on the node.
/// </summary>
public sealed class WorkloadReconciler(
    string kind, IResourceStore store, FleetView fleet, WorkloadGate gate, TriggerIndex triggers, EventRecorder events, AgentHub agents, TimeProvider time) : IReconciler
{
    /// <summary>Held by servers and volumes until their node's agent confirms they are removed.</summary>
    public const string AgentFinalizer = "vmcloud.io/agent";

    private static readonly TimeSpan RetryPlacement = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RecheckRemoval = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public string Kind => kind;

    /// <inheritdoc />
    /// <remarks>
    /// Admission and placement run alone (see <see cref="WorkloadGate"/>), and hold the gate for one
    /// store write: the finalizer is added before, and events are recorded after. What is already
    /// admitted for its generation and bound to a node only follows its node and its agent's reports,
    /// so it skips the gate: readiness updates do not queue behind admissions.
    /// </remarks>
    public async Task<ReconcileOutcome> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var resource = await store.GetAsync(key, cancellationToken);
        if (resource is null || Finalizers.IsDeleting(resource)) return await DeleteAsync(key, resource, cancellationToken);
        if (DesiredEntries.Kinds.Contains(kind)) resource = await Finalizers.EnsureAsync(store, resource, AgentFinalizer, cancellationToken);
        var finished = IsSettled(resource)
            ? await ReconcileAsync(resource, admitted: true, cancellationToken)
            : await gate.RunAsync(async () => await store.GetAsync(key, cancellationToken) is { } current && !Finalizers.IsDeleting(current)
                ? await ReconcileAsync(current, admitted: false, cancellationToken)
                : null, cancellationToken);
        if (finished is null) return await DeleteAsync(key, await store.GetAsync(key, cancellationToken), cancellationToken);
        foreach (var (type, condition) in finished.Step.Transitions)
            await RecordAsync(finished.Step.Resource, type, condition, cancellationToken);
        return finished.Outcome;
    }

    private static bool IsSettled(CustomResource resource) =>
        FleetView.Bound(resource) is not null && Conditions.Find(resource.StatusBase?.Conditions, ConditionTypes.Admitted) is
            { Status: ConditionStatus.True } admitted && admitted.ObservedGeneration == resource.Metadata.Generation;

    private async Task<Finished> ReconcileAsync(CustomResource resource, bool admitted, CancellationToken cancellationToken)
    {
        var step = new StatusBuilder(resource, time.GetUtcNow());

        var decision = admitted ? AdmissionDecision.Allow : await gate.ReviewAsync(resource, cancellationToken);
        triggers.Admitted(ResourceKey.Of(resource), decision.Allowed);
        step.Set(ConditionTypes.Admitted, decision.Allowed, decision.Reason, decision.Message);
        if (!decision.Allowed)
        {
            step.Set(ConditionTypes.Ready, false, decision.Reason, decision.Message);
            return await FinishAsync(step, "Rejected", ReconcileOutcome.Stalled(decision.Reason, decision.Message), cancellationToken);
        }

        var (node, outcome) = resource switch
        {
            CdnDistribution => (null, null),
            Volume { Spec.AttachTo: { } server } => await FollowServerAsync(resource, server, step, cancellationToken),
            _ => await BindAsync(resource, step, cancellationToken),
        };
        triggers.Placed(ResourceKey.Of(resource), node);
        if (outcome is not null) return await FinishAsync(step, "Pending", outcome, cancellationToken);

        if (node is null || !DesiredEntries.Kinds.Contains(kind))
        {
            var (reason, message) = WaitingFor(resource, node);
            step.Set(ConditionTypes.Ready, false, reason, message);
            return await FinishAsync(step, node is null ? "Accepted" : "Scheduled", ReconcileOutcome.Done(), cancellationToken);
        }
        return await FinishAsync(step, Realise(step, node), ReconcileOutcome.Done(), cancellationToken);
    }

    // Ready from the node agent's last report. Before the agent has reported since the operator
    // started, a Ready already confirmed for this generation stands: a restart is not news.
    private string Realise(StatusBuilder step, string node)
    {
        var observed = agents.Observe(node, step.Resource.Metadata.Uid!);
        var ready = Conditions.Find(step.Status.Conditions, ConditionTypes.Ready);
        if (observed is null && ready is { Status: ConditionStatus.True } && ready.ObservedGeneration == step.Status.ObservedGeneration)
            return step.Status.Phase ?? "Running";
        var verdict = Realisation.Judge(step.Resource, node, observed);
        step.Set(ConditionTypes.Ready, verdict.Ready, verdict.Reason, verdict.Message);
        step.Status = step.Status with
        {
            Addresses = verdict.Addresses.Count > 0 || observed is not null ? verdict.Addresses : step.Status.Addresses,
            AllocatedGiB = (int)Math.Max(verdict.AllocatedGiB, step.Status.AllocatedGiB),
        };
        return verdict.Phase;
    }

    // A deleted object keeps its node's capacity until the agent confirms it is removed from the node,
    // or staff fenced the node (declared it dead), or the node is gone.
    private async Task<ReconcileOutcome> DeleteAsync(ResourceKey key, CustomResource? resource, CancellationToken cancellationToken)
    {
        if (resource is not null && Finalizers.Has(resource, AgentFinalizer))
        {
            if (FleetView.Bound(resource) is { } node && !await RemovedFromAsync(node, resource.Metadata.Uid!, cancellationToken))
                return ReconcileOutcome.Waiting("AwaitingRemoval", RecheckRemoval);
            await Finalizers.RemoveAsync(store, resource, AgentFinalizer);
        }
        await fleet.UseAsync(f => f.Release(key), cancellationToken);
        triggers.Gone(key);
        return ReconcileOutcome.Done();
    }

    private async Task<bool> RemovedFromAsync(string node, string uid, CancellationToken cancellationToken) =>
        await store.GetAsync(new ResourceKey(nameof(HypervisorNode), null, node), cancellationToken) is not HypervisorNode { Spec.Fenced: false }
        || agents.ConfirmedRemoved(node, uid);

    // Keeps a binding while its node may still run the object; places it when unbound (or its node is fenced).
    private async Task<(string? Node, ReconcileOutcome? Outcome)> BindAsync(CustomResource resource, StatusBuilder step, CancellationToken cancellationToken)
    {
        if (step.Status.NodeName is { } bound)
        {
            // The node as the store has it now: a fence may not have reached the view yet.
            var current = await store.GetAsync(new ResourceKey(nameof(HypervisorNode), null, bound), cancellationToken) as HypervisorNode;
            await fleet.NodeChangedAsync(bound, current, cancellationToken);
            var binding = await fleet.UseAsync(f => BoundServers.Decide(bound, f.FindNode(bound)), cancellationToken);
            if (binding.Action == BindingAction.WaitForNode)
            {
                step.Set(ConditionTypes.Ready, false, SchedulingReasons.NodeLost, binding.Message);
                return (bound, ReconcileOutcome.Waiting(SchedulingReasons.NodeLost, RetryPlacement));
            }
            if (binding.Action == BindingAction.Stay) return (bound, null);
            await fleet.UseAsync(f => f.Release(ResourceKey.Of(resource)), cancellationToken);
            step.Status = step.Status with { NodeName = null, Gpus = [] };
        }

        var volumes = (await store.ListAsync(nameof(Volume), resource.Metadata.Namespace, cancellationToken)).Items.OfType<Volume>().ToList();
        var request = fleet.Request(resource, volumes);
        if (request is null) return (null, null);
        var result = await fleet.UseAsync(f => f.Place(request), cancellationToken);
        if (result is PlacementResult.Unschedulable no)
        {
            step.Set(ConditionTypes.Scheduled, false, SchedulingReasons.Unschedulable, no.Reason);
            step.Set(ConditionTypes.Ready, false, SchedulingReasons.Unschedulable, no.Reason);
            return (null, ReconcileOutcome.Waiting(SchedulingReasons.Unschedulable, RetryPlacement));
        }
        var placement = ((PlacementResult.Placed)result).Placement;
        step.Status = step.Status with { NodeName = placement.NodeName, Gpus = placement.GpuPciAddresses };
        step.Set(ConditionTypes.Scheduled, true, SchedulingReasons.Scheduled, $"bound to node {placement.NodeName}");
        return (placement.NodeName, null);
    }

    // An attached volume lives in the storage pool of its server's node.
    private async Task<(string? Node, ReconcileOutcome? Outcome)> FollowServerAsync(CustomResource volume, string serverName, StatusBuilder step, CancellationToken cancellationToken)
    {
        string?[] nodes =
        [
            (await store.GetAsync(new ResourceKey(nameof(VirtualServer), volume.Metadata.Namespace, serverName), cancellationToken) as IServer)?.Status?.NodeName,
            (await store.GetAsync(new ResourceKey(nameof(GpuInstance), volume.Metadata.Namespace, serverName), cancellationToken) as IServer)?.Status?.NodeName,
        ];
        if (nodes.FirstOrDefault(n => n is not null) is not { } node)
        {
            var message = $"attached to {serverName}, which is not placed yet; the volume goes to its node";
            step.Set(ConditionTypes.Scheduled, false, "WaitingForServer", message);
            step.Set(ConditionTypes.Ready, false, "WaitingForServer", message);
            return (null, ReconcileOutcome.Waiting("WaitingForServer", TimeSpan.FromSeconds(10)));
        }
        step.Status = step.Status with { NodeName = node };
        step.Set(ConditionTypes.Scheduled, true, SchedulingReasons.Scheduled, $"on node {node}, with its server {serverName}");
        return (node, null);
    }

    private static (string Reason, string Message) WaitingFor(CustomResource resource, string? node) => resource switch
    {
        CdnDistribution => ("NoDriver", "accepted; no CDN node runs the nginx driver yet, so the distribution is not served"),
        LoadBalancer => ("NoDriver", $"bound to node {node}; the HAProxy driver of load-balancer nodes is not available yet, so it is not served"),
        _ => ("Unbound", "waiting for a node"),
    };

    private async Task<Finished> FinishAsync(StatusBuilder step, string phase, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        step.Status = step.Status with { Phase = phase };
        var updated = step.Status.ApplyTo(step.Resource);
        if (StatusComparison.HasChanged(step.Resource.StatusBase, updated.StatusBase))
            await store.UpdateStatusAsync(updated, cancellationToken);
        return new Finished(outcome, step);
    }

    // A reconcile's outcome, and the status it built (whose transitions become events).
    private sealed record Finished(ReconcileOutcome Outcome, StatusBuilder Step);

    // Events on transitions only: a rejection, a binding, a failed placement.
    private Task RecordAsync(CustomResource resource, string type, Condition condition, CancellationToken cancellationToken) => (type, condition.Status) switch
    {
        (ConditionTypes.Admitted, ConditionStatus.False) => events.WarningAsync(resource, "Rejected", condition.Message, cancellationToken),
        (ConditionTypes.Scheduled, ConditionStatus.True) => events.NormalAsync(resource, "Scheduled", condition.Message, cancellationToken),
        (ConditionTypes.Scheduled, ConditionStatus.False) => events.WarningAsync(resource, "FailedScheduling", condition.Message, cancellationToken),
        _ => Task.CompletedTask,
    };
}
