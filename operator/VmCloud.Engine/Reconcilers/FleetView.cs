using System.Text.Json;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Engine.Scheduling;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Reconcilers;

/// <summary>
/// The scheduler's view of the fleet for the control plane: nodes and what is bound to them, built
/// from the store and then kept current by the reconcilers' placements and releases, so a decision
/// never rescans the store. It is rebuilt only when a node's schedulable shape changes (spec,
/// capacity, GPUs, readiness) — not on every heartbeat. Thread-safe: decisions are serialized.
/// </summary>
public sealed class FleetView(IResourceStore store, PolicySet policies, TimeProvider time, TimeSpan? heartbeatTimeout = null) : IDisposable
{
    private static readonly string[] PlacedKinds = [nameof(VirtualServer), nameof(GpuInstance), nameof(LoadBalancer), nameof(Volume)];

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, string> nodeShapes = new(StringComparer.Ordinal);
    private readonly SchedulingPolicy policy = SchedulingPolicy.From(policies);
    private FleetAllocation? allocation;
    private int stale;

    /// <summary>How old a heartbeat may be before its node takes nothing new.</summary>
    public TimeSpan HeartbeatTimeout { get; } = heartbeatTimeout ?? NodeSnapshots.DefaultHeartbeatTimeout;

    /// <summary>Runs <paramref name="use"/> on the current allocation, alone.</summary>
    public async Task<T> UseAsync<T>(Func<FleetAllocation, T> use, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Interlocked.Exchange(ref stale, 0) == 1) allocation = null;
            allocation ??= await BuildAsync(cancellationToken);
            return use(allocation);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    /// <summary>
    /// Marks the view stale at once, from a watch handler: the objects a node change wakes must not be
    /// placed on the view from before it, which the node's own reconcile may not have refreshed yet.
    /// </summary>
    public void NodeShapeChanged() => Volatile.Write(ref stale, 1);

    /// <summary>Notes a node as the store has it now; the view is rebuilt if what scheduling reads of it changed.</summary>
    public async Task NodeChangedAsync(string name, HypervisorNode? node, CancellationToken cancellationToken)
    {
        var shape = node is null ? "" : Shape(node);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (nodeShapes.GetValueOrDefault(name, "") != shape) allocation = null;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<FleetAllocation> BuildAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nodes = (await store.ListAsync(nameof(HypervisorNode), null, cancellationToken)).Items.OfType<HypervisorNode>().ToList();
        nodeShapes.Clear();
        foreach (var node in nodes) nodeShapes[node.Metadata.Name] = Shape(node);
        var fleet = new FleetAllocation(nodes.Select(n => NodeSnapshots.From(n, now, HeartbeatTimeout)), policy);

        var placed = new List<CustomResource>();
        foreach (var kind in PlacedKinds) placed.AddRange((await store.ListAsync(kind, null, cancellationToken)).Items);
        // By namespace: a server's request looks only at its own namespace's volumes, and scanning
        // them all for each server made a rebuild quadratic (14 s at 80,000 servers and 10,000 volumes).
        var volumes = placed.OfType<Volume>().ToLookup(v => v.Metadata.Namespace ?? "", StringComparer.Ordinal);
        foreach (var resource in placed)
            if (Bound(resource) is { } node && Request(resource, volumes[resource.Metadata.Namespace ?? ""]) is { } request)
                fleet.Bind(new Placement(request, node, (resource as IServer)?.Status?.Gpus ?? []));
        return fleet;
    }

    /// <summary>What the scheduler places for an object: servers, load balancers, and volumes attached to nothing.</summary>
    public PlacementRequest? Request(CustomResource resource, IEnumerable<Volume> volumesOfItsNamespace) => resource switch
    {
        Volume { Spec.AttachTo: null } volume => new PlacementRequest
        {
            Namespace = volume.Metadata.Namespace ?? "",
            Name = volume.Metadata.Name,
            Kind = volume.Kind,
            Datacenter = volume.Spec.Datacenter,
            Role = NodeRole.Compute,
            DiskGiB = volume.Spec.SizeGiB,
        },
        _ => PlacementRequests.For(resource, policies.Catalog, volumesOfItsNamespace),
    };

    /// <summary>The node an object is bound to, from its status.</summary>
    public static string? Bound(CustomResource resource) => resource switch
    {
        IServer server => server.Status?.NodeName,
        LoadBalancer lb => lb.Status?.NodeName,
        Volume volume => volume.Status?.NodeName,
        _ => null,
    };

    /// <summary>What scheduling reads of a node: a change in it may free or take room.</summary>
    public string Shape(HypervisorNode node) => JsonSerializer.Serialize(new
    {
        node.Spec,
        node.Status?.Capacity,
        node.Status?.Gpus,
        Ready = NodeSnapshots.IsReady(node, time.GetUtcNow(), HeartbeatTimeout),
    }, ApiJson.Options);
}
