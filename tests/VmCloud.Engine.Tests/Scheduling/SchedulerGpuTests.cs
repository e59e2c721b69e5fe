using VmCloud.Engine.Scheduling;
using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>GPUs: whole devices of one model on one node, packed to avoid fragmentation.</summary>
public class SchedulerGpuTests
{
    public static TheoryData<ScheduleCase> ModelCases => new()
    {
        new("the model asked for", [GpuNode("par1-g-40", "A100-40GB", 4), GpuNode("par1-g-80", "A100-80GB", 4)], Gpu("g", "A100-80GB", 1), "par1-g-80"),
        new("only another model", [GpuNode("par1-g-40", "A100-40GB", 8)], Gpu("g", "A100-80GB", 1), null, "no gpu node in PAR-1 has A100-80GB GPUs"),
        new("a model the datacenter does not offer", [GpuNode("ams1-g-01", "A100-80GB", 8, "AMS-1")], Gpu("g", "A100-80GB", 1, datacenter: "AMS-1"), null,
            "datacenter AMS-1 has no A100-80GB GPUs (it has T4)"),
        new("T4 in AMS-1", [GpuNode("ams1-g-t4-01", "T4", 5, "AMS-1")], Gpu("g", "T4", 1, datacenter: "AMS-1"), "ams1-g-t4-01"),
    };

    [Theory]
    [MemberData(nameof(ModelCases))]
    public void Schedule_RejectsNode_WhenGpuModelDiffers(ScheduleCase row) => row.Verify();

    public static TheoryData<ScheduleCase> CountCases => new()
    {
        new("8 on an 8-GPU node", [GpuNode("par1-g-01", "A100-80GB", 8)], Gpu("g", "A100-80GB", 8), "par1-g-01"),
        new("8 spread over two 4-GPU nodes", [GpuNode("par1-g-01", "A100-80GB", 4), GpuNode("par1-g-02", "A100-80GB", 4)], Gpu("g", "A100-80GB", 8), null,
            "no gpu node in PAR-1 has 8 free A100-80GB; at most 4 free on one node (par1-g-01)"),
        new("2 when one is in use on each node",
            [GpuNode("par1-g-01", "A100-80GB", 2).With(Gpu("x", "A100-80GB", 1), Pci(0)), GpuNode("par1-g-02", "A100-80GB", 2).With(Gpu("y", "A100-80GB", 1), Pci(1))],
            Gpu("g", "A100-80GB", 2), null, "no gpu node in PAR-1 has 2 free A100-80GB; at most 1 free on one node (par1-g-01)"),
        new("1 when every one is in use",
            [GpuNode("par1-g-01", "A100-40GB", 2).With(Gpu("x", "A100-40GB", 2), Pci(0), Pci(1)), GpuNode("par1-g-02", "A100-40GB", 1).With(Gpu("y", "A100-40GB", 1), Pci(0))],
            Gpu("g", "A100-40GB", 1), null, "no gpu node in PAR-1 has 1 free A100-40GB: all 3 A100-40GB there are allotted"),
    };

    [Theory]
    [MemberData(nameof(CountCases))]
    public void Schedule_NeedsEveryGpuOnOneNode(ScheduleCase row) => row.Verify();

    [Fact]
    public void Schedule_AllotsFreeGpus_LowestPciAddressFirst()
    {
        var node = GpuNode("par1-g-01", "A100-80GB", 4).With(Gpu("x", "A100-80GB", 2), Pci(0), Pci(2));

        var placement = AssertPlaced(Schedule(Gpu("g", "A100-80GB", 2), node));

        Assert.Equal([Pci(1), Pci(3)], placement.GpuPciAddresses);
    }

    [Fact]
    public void Schedule_AllotsOnlyTheRequestedModel_OnANodeWithTwoModels()
    {
        var node = GpuNode("par1-g-01", "A100-40GB", 2) with
        {
            Gpus = [new("A100-40GB", Pci(0)), new("A100-80GB", Pci(1)), new("A100-40GB", Pci(2)), new("A100-80GB", Pci(3))],
        };
        var busy = node.With(Gpu("x", "A100-80GB", 1), Pci(1));

        Assert.Equal([Pci(1), Pci(3)], AssertPlaced(Schedule(Gpu("g", "A100-80GB", 2), node)).GpuPciAddresses);
        Assert.Equal([Pci(3)], AssertPlaced(Schedule(Gpu("g", "A100-80GB", 1), busy)).GpuPciAddresses);
        Assert.Contains("at most 1 free on one node", AssertUnschedulable(Schedule(Gpu("g", "A100-80GB", 2), busy)), StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_AllotsNoGpus_ToAServerWithoutThem()
    {
        var placement = AssertPlaced(Schedule(Vps("a"), Compute("par1-c01")));

        Assert.Empty(placement.GpuPciAddresses);
    }

    public static TheoryData<ScheduleCase> PackingCases => new()
    {
        // The 8-GPU node stays whole for GPU-SUPERCOMPUTE.
        new("one GPU goes to the node with fewer free",
            [GpuNode("par1-g-a", "A100-80GB", 8), GpuNode("par1-g-b", "A100-80GB", 2)], Gpu("g", "A100-80GB", 1), "par1-g-b"),
        new("the fullest node that still fits",
            [GpuNode("par1-g-a", "A100-40GB", 4).With(Gpu("x", "A100-40GB", 3), Pci(0), Pci(1), Pci(2)), GpuNode("par1-g-b", "A100-40GB", 4).With(Gpu("y", "A100-40GB", 2), Pci(0), Pci(1))],
            Gpu("g", "A100-40GB", 2), "par1-g-b"),
        new("equal free GPUs: the least free storage",
            [GpuNode("par1-g-a", "A100-40GB", 4, storageGiB: 40960), GpuNode("par1-g-b", "A100-40GB", 4, storageGiB: 16384)], Gpu("g", "A100-40GB", 1), "par1-g-b"),
        new("equal in all: the first name",
            [GpuNode("par1-g-b", "A100-40GB", 4), GpuNode("par1-g-a", "A100-40GB", 4)], Gpu("g", "A100-40GB", 1), "par1-g-a"),
    };

    [Theory]
    [MemberData(nameof(PackingCases))]
    public void Schedule_PacksGpuNodes_ToAvoidFragmentation(ScheduleCase row) => row.Verify();

    [Fact]
    public void Schedule_KeepsAWhole8GpuNode_WhileSingleGpuPlansFillSmallerOnes()
    {
        var fleet = new FleetAllocation([GpuNode("par1-g-8", "A100-80GB", 8), GpuNode("par1-g-2", "A100-80GB", 2)], Policy);
        AssertPlaced(fleet.Place(Gpu("one", "A100-80GB", 1)));
        AssertPlaced(fleet.Place(Gpu("two", "A100-80GB", 1)));

        var big = AssertPlaced(fleet.Place(Gpu("big", "A100-80GB", 8)));

        Assert.Equal("par1-g-8", big.NodeName);
        Assert.Equal(2, fleet.FindNode("par1-g-2")!.GpusInUse.Count);
    }
}
