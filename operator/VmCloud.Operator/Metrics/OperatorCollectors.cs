using VmCloud.Core.Metrics;
using VmCloud.Engine;
using VmCloud.Engine.Capacity;

namespace VmCloud.Operator.Metrics;

/// <summary>The operator's collectors on one registry. Dispose to remove them.</summary>
public sealed class OperatorCollectors : IDisposable
{
    private readonly ResourceCensus census;
    private readonly IDisposable[] registrations;

    internal OperatorCollectors(MetricsRegistry registry, ControlPlane plane, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(plane);
        census = new ResourceCensus(plane.Store);
        var capacity = new CapacityCollector(plane.Fleet);
        registrations =
        [
            registry.AddCollector(capacity.Collect),
            registry.AddCollector(() => ControlPlaneFamilies.Of(new ControlPlaneState(
                census.Counts(), census.Nodes(), plane.Agents.Leftovers(), time.GetUtcNow(), plane.Fleet.HeartbeatTimeout))),
            registry.AddCollector(plane.TenantGauges.Collect),
            .. plane.Meter is { } meter ? [registry.AddCollector(meter.Totals.Collect)] : Array.Empty<IDisposable>(),
        ];
    }

    /// <summary>Completes once the resource counts hold the whole store.</summary>
    public Task Synced => census.Synced;

    /// <summary>Follows the store until cancelled, keeping the resource and node counts current.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => census.RunAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
    }
}
