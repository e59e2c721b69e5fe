using VmCloud.Engine.Scheduling;
using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>Placing many objects in sequence: each decision sees the ones before it.</summary>
public class FleetAllocationTests
{
    [Fact]
    public void Place_RecordsTheAllocation_OnTheNode()
    {
        var fleet = new FleetAllocation([GpuNode("par1-g-01", "A100-80GB", 8)], Policy);

        var placement = AssertPlaced(fleet.Place(Gpu("g", "A100-80GB", 2, vcpus: 64, memoryGiB: 256, diskGiB: 8000)));

        var node = fleet.FindNode("par1-g-01")!;
        Assert.Equal(new ResourceAmounts(64, 256, 8000), node.Allocated);
        Assert.Equal(placement.GpuPciAddresses, node.GpusInUse.Order(StringComparer.Ordinal));
        Assert.Equal(placement, fleet.FindPlacement(placement.Request.Key));
    }

    [Fact]
    public void Place_FillsANode_ThenRefuses()
    {
        // 64 threads sell 128 vCPUs: 16 servers of 8 vCPUs, and not a 17th (memory: 16 x 16 = 256 GiB).
        var fleet = new FleetAllocation([Compute("par1-c01")], Policy);

        for (var i = 1; i <= 16; i++)
            AssertPlaced(fleet.Place(Vps($"s{i}", vcpus: 8, memoryGiB: 16, diskGiB: 80)));

        Assert.Contains("no compute node in PAR-1 has 8 free vCPUs (most free: 0 on par1-c01)",
            AssertUnschedulable(fleet.Place(Vps("s17", vcpus: 8, memoryGiB: 16, diskGiB: 80))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(128, 128)]
    [InlineData(129, 128)]
    public void Place_Takes128OneVcpuServers_OnA64ThreadNode(int servers, int placed)
    {
        // Storage-dense, so that vCPUs run out first: 128 x 40 GiB = 5,120 GiB, 128 x 2 GiB = 256 GiB.
        var fleet = new FleetAllocation([Compute("par1-c01", storageGiB: 7680)], Policy);

        var results = Enumerable.Range(1, servers).Select(i => fleet.Place(Vps($"nano-{i}", vcpus: 1, memoryGiB: 2, diskGiB: 40))).ToList();

        Assert.Equal(placed, results.Count(r => r is PlacementResult.Placed));
        Assert.Equal(128, fleet.FindNode("par1-c01")!.Allocated.Vcpus);
    }

    [Fact]
    public void Place_ReturnsTheExistingPlacement_WhenCalledTwice()
    {
        var fleet = new FleetAllocation([Compute("par1-c01"), Compute("par1-c02")], Policy);
        var first = AssertPlaced(fleet.Place(Vps("a", vcpus: 8)));

        var second = AssertPlaced(fleet.Place(Vps("a", vcpus: 8)));

        Assert.Equal(first, second);
        Assert.Equal(8, fleet.Nodes.Sum(n => n.Allocated.Vcpus));
    }

    [Fact]
    public void Release_FreesTheResources_AndTheGpus()
    {
        var fleet = new FleetAllocation([GpuNode("par1-g-01", "A100-80GB", 8)], Policy);
        var big = AssertPlaced(fleet.Place(Gpu("big", "A100-80GB", 8)));
        AssertUnschedulable(fleet.Place(Gpu("next", "A100-80GB", 1)));

        Assert.True(fleet.Release(big.Request.Key));

        Assert.Equal(ResourceAmounts.None, fleet.FindNode("par1-g-01")!.Allocated);
        Assert.Empty(fleet.FindNode("par1-g-01")!.GpusInUse);
        AssertPlaced(fleet.Place(Gpu("next", "A100-80GB", 1)));
        Assert.False(fleet.Release(big.Request.Key));
    }

    [Fact]
    public void Release_KeepsTheSpreadGroup_WhileAnotherMemberStaysOnTheNode()
    {
        // Two members bound by hand to one node: releasing one must not let a third in.
        var fleet = new FleetAllocation([Compute("par1-c01")], Policy);
        fleet.Bind(new Placement(Vps("web-1", spreadGroup: "web"), "par1-c01", []));
        fleet.Bind(new Placement(Vps("web-2", spreadGroup: "web"), "par1-c01", []));

        fleet.Release(Vps("web-1", spreadGroup: "web").Key);

        AssertUnschedulable(fleet.Place(Vps("web-3", spreadGroup: "web")));
        fleet.Release(Vps("web-2", spreadGroup: "web").Key);
        AssertPlaced(fleet.Place(Vps("web-3", spreadGroup: "web")));
    }

    [Fact]
    public void Bind_RecordsAnExistingPlacement_EvenOverCapacity()
    {
        var fleet = new FleetAllocation([Compute("par1-c01")], Policy);

        Assert.True(fleet.Bind(new Placement(Vps("huge", memoryGiB: 300), "par1-c01", [])));

        Assert.Equal(300, fleet.FindNode("par1-c01")!.Allocated.MemoryGiB);
        Assert.Contains("most free: 0 GiB on par1-c01", AssertUnschedulable(fleet.Place(Vps("a"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_IgnoresGpuAddresses_ThatAreNotOnTheNode()
    {
        var fleet = new FleetAllocation([GpuNode("par1-g-01", "A100-80GB", 2)], Policy);

        fleet.Bind(new Placement(Gpu("stale", "A100-80GB", 1), "par1-g-01", ["0000:ff:00.0"]));

        Assert.Empty(fleet.FindNode("par1-g-01")!.GpusInUse);
        AssertPlaced(fleet.Place(Gpu("g", "A100-80GB", 2)));
    }

    [Fact]
    public void Bind_RefusesAnUnknownNode()
    {
        var fleet = new FleetAllocation([Compute("par1-c01")], Policy);

        Assert.False(fleet.Bind(new Placement(Vps("a"), "par1-c99", [])));
        Assert.Empty(fleet.Placements);
    }

    [Fact]
    public void Bind_MovesAnObject_ThatWasBoundElsewhere()
    {
        var fleet = new FleetAllocation([Compute("par1-c01"), Compute("par1-c02")], Policy);
        fleet.Bind(new Placement(Vps("a", vcpus: 4), "par1-c01", []));

        fleet.Bind(new Placement(Vps("a", vcpus: 4), "par1-c02", []));

        Assert.Equal(0, fleet.FindNode("par1-c01")!.Allocated.Vcpus);
        Assert.Equal(4, fleet.FindNode("par1-c02")!.Allocated.Vcpus);
    }

    [Fact]
    public void New_RefusesTwoNodesWithOneName()
    {
        Assert.Throws<ArgumentException>(() => new FleetAllocation([Compute("par1-c01"), Compute("par1-c01")], Policy));
    }
}
