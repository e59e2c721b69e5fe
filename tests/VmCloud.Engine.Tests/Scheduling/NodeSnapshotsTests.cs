using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Scheduling;
using static VmCloud.Engine.Tests.TestObjects;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>From HypervisorNodes and resources to what the scheduler reads.</summary>
public class NodeSnapshotsTests
{
    private static readonly DateTimeOffset Now = new(2025, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static HypervisorNode Node(DateTimeOffset? heartbeat, ConditionStatus? ready = ConditionStatus.True, bool cordoned = false, bool fenced = false) => new()
    {
        Metadata = new ObjectMeta { Name = "par1-g-01" },
        Spec = new HypervisorNodeSpec { Datacenter = "PAR-1", Role = NodeRole.Gpu, Unschedulable = cordoned, Fenced = fenced },
        Status = new HypervisorNodeStatus
        {
            LastHeartbeatTime = heartbeat,
            Capacity = new NodeCapacity { Vcpus = 256, MemoryGiB = 2048, StorageGiB = 81920 },
            Gpus =
            [
                new GpuDevice { Model = "A100-80GB", PciAddress = "0000:47:00.0" },
                new GpuDevice { Model = "A100-80GB", PciAddress = "0000:07:00.0" },
            ],
            Conditions = ready is { } status ? [new Condition { Type = ConditionTypes.Ready, Status = status, Reason = "AgentReporting" }] : [],
        },
    };

    public static TheoryData<string, HypervisorNode, bool> Readiness => new()
    {
        { "fresh heartbeat, Ready", Node(Now.AddSeconds(-10)), true },
        { "heartbeat exactly at the timeout", Node(Now - NodeSnapshots.DefaultHeartbeatTimeout), true },
        { "heartbeat past the timeout", Node(Now - NodeSnapshots.DefaultHeartbeatTimeout - TimeSpan.FromSeconds(1)), false },
        { "never reported", Node(null), false },
        { "fresh heartbeat, no Ready condition yet", Node(Now, ready: null), true },
        { "fresh heartbeat, Ready False", Node(Now, ConditionStatus.False), false },
        { "fresh heartbeat, Ready Unknown", Node(Now, ConditionStatus.Unknown), false },
    };

    [Theory]
    [MemberData(nameof(Readiness))]
    public void From_IsReady_OnlyWithAFreshHeartbeat(string state, HypervisorNode node, bool ready)
    {
        Assert.True(ready == NodeSnapshots.From(node, Now, NodeSnapshots.DefaultHeartbeatTimeout).Ready, state);
    }

    [Fact]
    public void From_CopiesSpecAndCapacity_AndSortsGpusByPciAddress()
    {
        var snapshot = NodeSnapshots.From(Node(Now, cordoned: true, fenced: true), Now, NodeSnapshots.DefaultHeartbeatTimeout);

        Assert.Equal(("par1-g-01", "PAR-1", NodeRole.Gpu, true, true), (snapshot.Name, snapshot.Datacenter, snapshot.Role, snapshot.Unschedulable, snapshot.Fenced));
        Assert.Equal(new ResourceAmounts(256, 2048, 81920), snapshot.Capacity);
        Assert.Equal(["0000:07:00.0", "0000:47:00.0"], snapshot.Gpus.Select(g => g.PciAddress));
        Assert.Equal(ResourceAmounts.None, snapshot.Allocated);
    }

    [Fact]
    public void From_GivesANodeWithoutStatus_NoCapacity()
    {
        var node = new HypervisorNode { Metadata = new ObjectMeta { Name = "new" }, Spec = new HypervisorNodeSpec { Datacenter = "PAR-1" } };

        var snapshot = NodeSnapshots.From(node, Now, NodeSnapshots.DefaultHeartbeatTimeout);

        Assert.False(snapshot.Ready);
        Assert.Equal(ResourceAmounts.None, snapshot.Capacity);
    }

    [Fact]
    public void For_AddsAttachedVolumes_ToTheServersDisk()
    {
        var server = Vps("acme", "db", "VPS-BUSINESS", "PAR-1", "data");
        Volume[] volumes = [Volume("acme", "data", 200), Volume("acme", "logs", 50, attachTo: "db"), Volume("other", "data", 999), Volume("acme", "spare", 70)];

        var request = PlacementRequests.For(server, Policies.Catalog, volumes)!;

        Assert.Equal((NodeRole.Compute, 6, 16, 320 + 200 + 50), (request.Role, request.Vcpus, request.MemoryGiB, request.DiskGiB));
        Assert.Null(request.GpuModel);
    }

    [Fact]
    public void For_TakesGpusFromTheGpuPlan()
    {
        var request = PlacementRequests.For(Gpu("lab", "train", "GPU-SUPERCOMPUTE"), Policies.Catalog, [])!;

        Assert.Equal((NodeRole.Gpu, "A100-80GB", 8, 256, 1024, 64000), (request.Role, request.GpuModel, request.GpuCount, request.Vcpus, request.MemoryGiB, request.DiskGiB));
    }

    [Fact]
    public void For_CarriesTheSpreadGroup_AsNamespaceSlashGroup()
    {
        var server = Vps("acme", "web-1") with { Spec = Vps("acme", "web-1").Spec with { SpreadGroup = "web" } };

        Assert.Equal("acme/web", PlacementRequests.For(server, Policies.Catalog, [])!.SpreadKey);
    }

    [Fact]
    public void For_PlacesLoadBalancersOnLbNodes_AndNotVolumesOnTheirOwn()
    {
        var balancer = new LoadBalancer { Metadata = new ObjectMeta { Name = "lb", Namespace = "acme" }, Spec = new LoadBalancerSpec { Plan = "LB-STARTER", Datacenter = "AMS-1" } };

        Assert.Equal((NodeRole.Lb, "AMS-1", 0), PlacementRequests.For(balancer, Policies.Catalog, []) is { } r ? (r.Role, r.Datacenter, r.Vcpus) : default);
        Assert.Null(PlacementRequests.For(Volume("acme", "v", 10), Policies.Catalog, []));
        Assert.Null(PlacementRequests.For(Vps("acme", "x", plan: "VPS-NOPE"), Policies.Catalog, []));
    }
}
