using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Metrics;
using VmCloud.Engine.Capacity;
using VmCloud.Engine.Nodes;
using VmCloud.Engine.Reconcilers;
using VmCloud.Engine.Scheduling;
using VmCloud.Engine.Store;
using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Capacity;

/// <summary>The collector over the control plane's fleet view: registered nodes and placements, no store scan per scrape.</summary>
public sealed class CapacityCollectorTests : IDisposable
{
    private readonly ManualTimeProvider time = new();
    private readonly MemoryStore store;
    private readonly FleetView fleet;

    public CapacityCollectorTests()
    {
        store = new MemoryStore(time);
        fleet = new FleetView(store, TestObjects.Policies, time);
    }

    [Fact]
    public async Task Collect_ReadsTheFleetView_IncludingPlacementsNotYetInTheStore()
    {
        var nodes = new NodeRegistry(store, time);
        await nodes.RegisterAsync(new NodeHeartbeat("par1-c01", "PAR-1", NodeRole.Compute, new NodeCapacity { Vcpus = 64, MemoryGiB = 256, StorageGiB = 1280 }, [], "test"), default);
        await nodes.RegisterAsync(new NodeHeartbeat("fra1-c01", "FRA-1", NodeRole.Compute, new NodeCapacity { Vcpus = 32, MemoryGiB = 128, StorageGiB = 640 }, [], "test"), default);
        var collector = new CapacityCollector(fleet);

        await fleet.UseAsync(f => f.Place(Vps("web", vcpus: 4, memoryGiB: 8, diskGiB: 160)), default);
        var exposition = PrometheusTextFormat.Render(collector.Collect());

        Assert.Contains("vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"schedulable\"} 128\n", exposition, StringComparison.Ordinal);
        Assert.Contains("vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"allocated\"} 4\n", exposition, StringComparison.Ordinal);
        Assert.Contains("vmcloud_capacity_vcpus{datacenter=\"FRA-1\",state=\"physical\"} 32\n", exposition, StringComparison.Ordinal);
        Assert.Contains("vmcloud_capacity_vcpus{datacenter=\"FRA-1\",state=\"schedulable\"} 0\n", exposition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_AfterTheHeartbeatTimeout_CountsTheNodeAsPhysicalOnly()
    {
        await new NodeRegistry(store, time).RegisterAsync(
            new NodeHeartbeat("par1-c01", "PAR-1", NodeRole.Compute, new NodeCapacity { Vcpus = 64, MemoryGiB = 256, StorageGiB = 1280 }, [], "test"), default);
        var collector = new CapacityCollector(fleet);
        var before = PrometheusTextFormat.Render(collector.Collect());

        // What the node reconciler does when the heartbeat expires: the view is told the node changed.
        time.Advance(NodeSnapshots.DefaultHeartbeatTimeout + TimeSpan.FromSeconds(1));
        fleet.NodeShapeChanged();
        var after = PrometheusTextFormat.Render(collector.Collect());

        Assert.Contains("vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"schedulable\"} 128\n", before, StringComparison.Ordinal);
        Assert.Contains("vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"schedulable\"} 0\n", after, StringComparison.Ordinal);
        Assert.Contains("vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"physical\"} 64\n", after, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        fleet.Dispose();
        store.Dispose();
    }
}
