using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>The exact sentences an unschedulable object gets: what is short, how much, and where.</summary>
public class UnschedulableReasonTests
{
    public static TheoryData<ScheduleCase> Reasons => new()
    {
        new("no node of the role", [Compute("fra1-c01", "FRA-1")], Gpu("g", "A100-80GB", 1, datacenter: "PAR-1"), null,
            "datacenter PAR-1 has no gpu node"),
        new("every node out",
            [GpuNode("par1-g-01", "A100-80GB", 8) with { Unschedulable = true }, GpuNode("par1-g-02", "A100-80GB", 8) with { Ready = false }, GpuNode("par1-g-03", "A100-80GB", 8) with { Fenced = true, Ready = false }],
            Gpu("g", "A100-80GB", 1), null, "all 3 gpu nodes in PAR-1 are cordoned, fenced or not Ready (1 cordoned, 1 fenced, 2 not Ready)"),
        new("GPUs spread too thin",
            [GpuNode("par1-g-01", "A100-80GB", 1), GpuNode("par1-g-02", "A100-80GB", 1)], Gpu("g", "A100-80GB", 2), null,
            "no gpu node in PAR-1 has 2 free A100-80GB; at most 1 free on one node (par1-g-01)"),
        new("memory, with the node that has the most",
            [Compute("ams1-c01", "AMS-1").With(Vps("x", memoryGiB: 240, datacenter: "AMS-1")), Compute("ams1-c07", "AMS-1").With(Vps("y", memoryGiB: 208, datacenter: "AMS-1"))],
            Vps("a", memoryGiB: 64, datacenter: "AMS-1"), null, "no compute node in AMS-1 has 64 GiB of free memory (most free: 48 GiB on ams1-c07)"),
        // The node stopped by an earlier filter is counted, so "most free" never hides a bigger node.
        new("a shortage, and nodes stopped earlier",
            [Compute("par1-c01", memoryGiB: 32), Compute("par1-c02", threads: 2, memoryGiB: 512), Compute("par1-c03") with { Ready = false }],
            Vps("a", vcpus: 8, memoryGiB: 64), null,
            "no compute node in PAR-1 has 64 GiB of free memory (most free: 32 GiB on par1-c01); of 3 compute nodes, 1 cordoned, fenced or not Ready, 1 short of vCPUs, 1 short of memory"),
        new("a GPU node with the GPUs but not the disk",
            [GpuNode("par1-g-01", "A100-40GB", 4, storageGiB: 16384), GpuNode("par1-g-02", "A100-40GB", 4, storageGiB: 16384).With(Gpu("x", "A100-40GB", 4, diskGiB: 16000), Pci(0), Pci(1), Pci(2), Pci(3))],
            Gpu("g", "A100-40GB", 4, diskGiB: 32000), null,
            "no gpu node in PAR-1 has 32000 GiB of free storage (most free: 16384 GiB on par1-g-01); of 2 gpu nodes, 1 short of free A100-40GB, 1 short of storage"),
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Schedule_SaysWhatIsShortAndWhere(ScheduleCase row) => row.Verify();
}
