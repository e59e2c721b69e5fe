using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Nodes;

/// <summary>What an agent says about its node when it registers or heartbeats.</summary>
public sealed record NodeReport(string Name, string Datacenter, NodeRole Role, NodeCapacity Capacity, IReadOnlyList<GpuDevice> Gpus, string AgentVersion);

/// <summary>
/// HypervisorNode objects from agent registration and heartbeats. The agent owns the status
/// (capacity, GPUs, heartbeat); staff own the spec's cordon and fence, which registration never
/// overwrites. Writes retry on conflicts, since staff and agents write the same object.
/// </summary>
public sealed class NodeRegistry(IResourceStore store, TimeProvider time)
{
    private const int Attempts = 5;

    /// <summary>Creates the node on first registration, then records the report as a heartbeat.</summary>
    public async Task<HypervisorNode> RegisterAsync(NodeReport report, CancellationToken cancellationToken)
    {
        var key = new ResourceKey(nameof(HypervisorNode), null, report.Name);
        if (await store.GetAsync(key, cancellationToken) is null)
        {
            try
            {
                await store.CreateAsync(new HypervisorNode
                {
                    Metadata = new ObjectMeta { Name = report.Name },
                    Spec = new HypervisorNodeSpec { Datacenter = report.Datacenter, Role = report.Role },
                }, cancellationToken);
            }
            catch (AlreadyExistsException)
            {
                // Registered concurrently: the heartbeat below updates it.
            }
        }
        return await HeartbeatAsync(report, cancellationToken);
    }

    /// <summary>Records a heartbeat: the node's capacity and GPUs as the agent sees them, and the time.</summary>
    public async Task<HypervisorNode> HeartbeatAsync(NodeReport report, CancellationToken cancellationToken)
    {
        var key = new ResourceKey(nameof(HypervisorNode), null, report.Name);
        for (var attempt = 1; ; attempt++)
        {
            var node = await store.GetAsync(key, cancellationToken) as HypervisorNode
                ?? throw new NotFoundException(key);
            var status = (node.Status ?? new HypervisorNodeStatus()) with
            {
                Capacity = report.Capacity,
                Gpus = report.Gpus,
                AgentVersion = report.AgentVersion,
                LastHeartbeatTime = time.GetUtcNow(),
            };
            try
            {
                return (HypervisorNode)await store.UpdateStatusAsync(node with { Status = status }, cancellationToken);
            }
            catch (ConflictException) when (attempt < Attempts)
            {
                // Staff cordoned the node, or the node reconciler wrote its condition: read again.
            }
        }
    }
}
