using VmCloud.Api;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Engine.Agents;

/// <summary>
/// Whether a bound object is realised on its node, from its agent's last report: Ready only when the
/// agent confirms the object's current generation with no error and the asked power state. Pure.
/// </summary>
public static class Realisation
{
    /// <summary>Ready's reasons for the agent-driven kinds.</summary>
    public static class Reasons
    {
        /// <summary>The agent has not reported the object yet.</summary>
        public const string AwaitingAgent = "AwaitingAgent";

        /// <summary>The agent realises an older generation.</summary>
        public const string Updating = "Updating";

        /// <summary>The agent failed to converge the object.</summary>
        public const string AgentError = "AgentError";

        /// <summary>The power state is changing.</summary>
        public const string PowerTransition = "PowerTransition";

        /// <summary>A server runs as asked.</summary>
        public const string Running = "Running";

        /// <summary>A server is shut off as asked.</summary>
        public const string Stopped = "Stopped";

        /// <summary>A volume exists with its size.</summary>
        public const string Provisioned = "Provisioned";
    }

    /// <summary>The verdict for one object bound to <paramref name="node"/>.</summary>
    public static RealisationVerdict Judge(CustomResource resource, string node, AgentObservation? observed)
    {
        var generation = resource.Metadata.Generation ?? 0;
        return (resource, observed) switch
        {
            (_, null) => Waiting(Reasons.AwaitingAgent, $"bound to node {node}; its agent has not reported since the operator started"),
            (IServer server, { Server: { } state }) => Server(server.ServerSpec.PowerState, generation, node, state),
            (Volume volume, { Volume: { } state }) => Volume(volume.Spec.SizeGiB, node, state),
            _ => Waiting(Reasons.AwaitingAgent, $"bound to node {node}; waiting for its agent to take it up"),
        };
    }

    private static RealisationVerdict Server(PowerState power, long generation, string node, Api.Agents.ServerState state)
    {
        if (state.Error is { } error) return Waiting(Reasons.AgentError, $"node {node}: {error}") with { Addresses = state.Addresses };
        if (!state.Exists) return Waiting(Reasons.AwaitingAgent, $"bound to node {node}; its agent is creating the domain");
        if (state.Generation != generation)
            return Waiting(Reasons.Updating, $"node {node} runs generation {state.Generation}; applying generation {generation}") with { Addresses = state.Addresses };
        if (state.Running != (power == PowerState.Running))
            return Waiting(Reasons.PowerTransition, power == PowerState.Running ? $"starting on node {node}" : $"shutting down on node {node}") with { Addresses = state.Addresses };
        return power == PowerState.Running
            ? new RealisationVerdict(true, Reasons.Running, "Running", $"running on node {node}", state.Addresses, 0)
            : new RealisationVerdict(true, Reasons.Stopped, "Stopped", $"shut off on node {node}, disks kept", state.Addresses, 0);
    }

    private static RealisationVerdict Volume(int sizeGiB, string node, Api.Agents.VolumeState state)
    {
        if (state.Error is { } error) return Waiting(Reasons.AgentError, $"node {node}: {error}") with { AllocatedGiB = state.AllocatedGiB };
        if (!state.Exists || state.AllocatedGiB < sizeGiB)
            return Waiting(Reasons.AwaitingAgent, $"node {node} is allocating {sizeGiB} GiB") with { AllocatedGiB = state.AllocatedGiB };
        return new RealisationVerdict(true, Reasons.Provisioned, "Available", $"{state.AllocatedGiB} GiB in the storage pool of node {node}", [], state.AllocatedGiB);
    }

    private static RealisationVerdict Waiting(string reason, string message) => new(false, reason, "Provisioning", message, [], 0);
}

/// <summary>Ready, and what status shows with it.</summary>
/// <param name="Ready">Whether the object is realised.</param>
/// <param name="Reason">Ready's reason.</param>
/// <param name="Phase">The one-word phase.</param>
/// <param name="Message">Ready's message.</param>
/// <param name="Addresses">A server's IP addresses.</param>
/// <param name="AllocatedGiB">A volume's allocated size.</param>
public sealed record RealisationVerdict(bool Ready, string Reason, string Phase, string Message, IReadOnlyList<string> Addresses, long AllocatedGiB);
