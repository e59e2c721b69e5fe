using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Engine.Agents;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Nodes;
using VmCloud.Engine.Reconcilers;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine;

/// <summary>
/// The control plane's controllers over one store: nodes, tenants and every placed kind, with the
/// cross-kind triggers that make them level-triggered in practice (a node change wakes what is bound
/// to it or waits for room, a server's binding wakes its volumes, a tenant's quota wakes its objects,
/// any change in a namespace wakes what admission refused there: a missing volume may have appeared,
/// or a deletion freed the quota it lacked).
/// </summary>
public sealed class ControlPlane : IDisposable
{
    private static readonly string[] WorkloadKinds =
        [nameof(VirtualServer), nameof(GpuInstance), nameof(LoadBalancer), nameof(Volume), nameof(CdnDistribution)];

    private readonly TimeProvider time;
    private readonly WorkloadGate gate;
    private readonly TriggerIndex triggers = new();

    /// <summary>The controllers over <paramref name="store"/>; with a <paramref name="ledger"/>, the meter too.</summary>
    public ControlPlane(IResourceStore store, PolicySet policies, TimeProvider time, ILoggerFactory loggers, TimeSpan? heartbeatTimeout = null,
        ILedger? ledger = null, TimeSpan? billingGrace = null)
    {
        this.time = time;
        Store = store;
        Fleet = new FleetView(store, policies, time, heartbeatTimeout);
        Nodes = new NodeRegistry(store, time);
        Events = new EventRecorder(store, time, loggers.CreateLogger<EventRecorder>(), new EventRecorderOptions { Source = "vmcloud-operator" });
        Runtime = new ControllerRuntime(store, time, loggers);
        gate = new WorkloadGate(store, policies);
        Agents = new AgentHub(store, policies, loggers.CreateLogger<AgentHub>());
        Agents.Requeue = Runtime.Requeue;
        if (ledger is not null)
        {
            Meter = new UsageMeter(ledger, store, policies.Catalog, time, loggers.CreateLogger<UsageMeter>(), billingGrace)
            {
                ObjectOf = Agents.Find,
                TenantsChanged = tenants => { foreach (var t in tenants) Runtime.Requeue(new ResourceKey(nameof(Tenant), null, t)); },
            };
        }
        TenantGauges = new TenantGauges(Meter?.Totals);

        Runtime.Register(new NodeReconciler(store, Fleet, Events, time));
        Runtime.Register(new TenantReconciler(store, policies, time, Events, Meter?.Totals, TenantGauges))
            .Watches(WorkloadKinds, o => TenantsOfAccount(o.Metadata.Namespace));
        foreach (var kind in WorkloadKinds)
        {
            Runtime.Register(new WorkloadReconciler(kind, store, Fleet, gate, triggers, Events, Agents, time))
                .Watches(nameof(HypervisorNode), node => triggers.Changed(kind, ResourceKey.Of(node), Fleet.Shape((HypervisorNode)node))
                    ? WakeForNode(kind, node.Metadata.Name) : [])
                .Watches(nameof(Tenant), tenant => triggers.Changed(kind, ResourceKey.Of(tenant), $"{tenant.Metadata.Generation}")
                    ? InNamespace(kind, tenant.Metadata.Name) : [])
                .Watches(WorkloadKinds, other => triggers.RefusedIn(kind, other.Metadata.Namespace))
                .Watches(kind == nameof(Volume) ? [nameof(VirtualServer), nameof(GpuInstance)] : [], server => VolumesOf(server));
        }
    }

    /// <summary>Where desired and observed state live.</summary>
    public IResourceStore Store { get; }

    /// <summary>Node registration and heartbeats.</summary>
    public NodeRegistry Nodes { get; }

    /// <summary>The scheduler's view of the fleet.</summary>
    public FleetView Fleet { get; }

    /// <summary>Events recorded on transitions.</summary>
    public EventRecorder Events { get; }

    /// <summary>The controller runtime.</summary>
    public ControllerRuntime Runtime { get; }

    /// <summary>The nodes' desired documents and their agents' reports.</summary>
    public AgentHub Agents { get; }

    /// <summary>The meter, when the control plane has a ledger.</summary>
    public UsageMeter? Meter { get; }

    /// <summary>The tenants' billing gauges for /metrics.</summary>
    public TenantGauges TenantGauges { get; }

    /// <summary>
    /// Records an agent's report: the usage it confirms (durably, first: a report answered is never
    /// lost to billing), the hub's view of the node's objects, then the heartbeat in the node's status.
    /// False (and nothing written but usage) when the report is stale.
    /// </summary>
    /// <exception cref="LedgerException">The usage could not be written; nothing else was recorded.</exception>
    public async Task<bool> ReportAsync(HypervisorNode node, NodeReport report, CancellationToken cancellationToken)
    {
        if (Meter is not null) await Meter.ObserveAsync(report, time.GetUtcNow(), cancellationToken);
        if (!Agents.Report(node.Metadata.Name, report)) return false;
        await Nodes.HeartbeatAsync(NodeHeartbeat.From(node, report), cancellationToken);
        return true;
    }

    /// <summary>Runs the controllers and the agent hub until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Runtime.RunAsync(cancellationToken), Agents.RunAsync(cancellationToken), Meter?.RunAsync(cancellationToken) ?? Task.CompletedTask);

    /// <inheritdoc />
    public void Dispose()
    {
        Runtime.Dispose();
        Fleet.Dispose();
        gate.Dispose();
    }

    private IEnumerable<ResourceKey> WakeForNode(string kind, string node)
    {
        Fleet.NodeShapeChanged();
        return triggers.WaitingOrBoundTo(kind, node);
    }

    private IEnumerable<ResourceKey> InNamespace(string kind, string ns) => Runtime.Snapshot(kind)
        .Where(o => o.Metadata.Namespace == ns)
        .Select(ResourceKey.Of);

    private IEnumerable<ResourceKey> VolumesOf(CustomResource server) => Runtime.Snapshot(nameof(Volume)).OfType<Volume>()
        .Where(v => v.Metadata.Namespace == server.Metadata.Namespace && v.Spec.AttachTo == server.Metadata.Name)
        .Select(ResourceKey.Of);

    private IEnumerable<ResourceKey> TenantsOfAccount(string? ns)
    {
        var tenants = Runtime.Snapshot(nameof(Tenant)).OfType<Tenant>().ToList();
        var account = tenants.FirstOrDefault(t => t.Metadata.Name == ns) is { } tenant ? tenant.Spec.Parent ?? tenant.Metadata.Name : ns;
        return tenants.Where(t => t.Metadata.Name == account || t.Spec.Parent == account).Select(ResourceKey.Of);
    }
}
