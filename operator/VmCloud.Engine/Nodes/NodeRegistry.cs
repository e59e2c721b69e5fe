using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Nodes;

/// <summary>What an agent says about its node when it registers or heartbeats.</summary>
/// <param name="Name">The node.</param>
/// <param name="Datacenter">Its datacenter (used when the node is created).</param>
/// <param name="Role">Its role (used when the node is created).</param>
/// <param name="Capacity">Its hardware.</param>
/// <param name="Gpus">Its GPUs.</param>
/// <param name="AgentVersion">The agent's version.</param>
/// <param name="Orphans">vmcloud domains and volumes no object owns there.</param>
/// <param name="ForeignDomains">Domains vmcloud did not create.</param>
public sealed record NodeHeartbeat(
    string Name, string Datacenter, NodeRole Role, NodeCapacity Capacity, IReadOnlyList<GpuDevice> Gpus, string AgentVersion,
    IReadOnlyList<OrphanedResource>? Orphans = null, IReadOnlyList<string>? ForeignDomains = null)
{
    /// <summary>The heartbeat an agent's registration carries.</summary>
    public static NodeHeartbeat From(string name, NodeRegistration registration) => new(
        name, registration.Datacenter, registration.Role, CapacityOf(registration.Inventory), registration.Inventory.Gpus, registration.AgentVersion);

    /// <summary>The heartbeat an agent's report carries.</summary>
    public static NodeHeartbeat From(HypervisorNode node, NodeReport report) => new(
        node.Metadata.Name, node.Spec.Datacenter, node.Spec.Role, CapacityOf(report.Inventory), report.Inventory.Gpus, report.AgentVersion,
        [.. report.Orphans.Select(o => new OrphanedResource { Uid = o.Uid, Kind = o.Kind, Name = o.Name })], report.Foreign);

    private static NodeCapacity CapacityOf(NodeInventory inventory) => new()
    {
        Vcpus = inventory.Vcpus,
        MemoryGiB = (int)(inventory.MemoryMiB / 1024),
        StorageGiB = (int)Math.Min(inventory.StorageGiB, int.MaxValue),
    };
}

/// <summary>
/// HypervisorNode objects from agent registration and heartbeats. The agent owns the status
/// (capacity, GPUs, heartbeat); staff own the spec's cordon and fence, which registration never
/// overwrites. Writes retry on conflicts, since staff and agents write the same object. A heartbeat
/// that changes nothing but the time is written at most every <see cref="RefreshAfter"/>, so a
/// thousand agents reporting after every convergence do not flood the store.
/// </summary>
public sealed class NodeRegistry(IResourceStore store, TimeProvider time)
{
    /// <summary>How old a recorded heartbeat may get before an unchanged one is written again; well under the node timeout.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(5);

    private const int Attempts = 5;

    /// <summary>Creates the node on first registration, then records the report as a heartbeat.</summary>
    public async Task<HypervisorNode> RegisterAsync(NodeHeartbeat report, CancellationToken cancellationToken)
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
    public async Task<HypervisorNode> HeartbeatAsync(NodeHeartbeat report, CancellationToken cancellationToken)
    {
        var key = new ResourceKey(nameof(HypervisorNode), null, report.Name);
        for (var attempt = 1; ; attempt++)
        {
            var node = await store.GetAsync(key, cancellationToken) as HypervisorNode
                ?? throw new NotFoundException(key);
            var now = time.GetUtcNow();
            var status = (node.Status ?? new HypervisorNodeStatus()) with
            {
                Capacity = report.Capacity,
                Gpus = report.Gpus,
                AgentVersion = report.AgentVersion,
                Orphans = report.Orphans ?? node.Status?.Orphans ?? [],
                ForeignDomains = report.ForeignDomains ?? node.Status?.ForeignDomains ?? [],
                LastHeartbeatTime = node.Status?.LastHeartbeatTime,
            };
            if (!StatusComparison.HasChanged(node.Status, status) && now - status.LastHeartbeatTime < RefreshAfter) return node;
            status = status with { LastHeartbeatTime = now };
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
