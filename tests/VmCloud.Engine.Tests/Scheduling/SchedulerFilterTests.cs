using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>Every filter, each with a node that just passes and one that just fails.</summary>
public class SchedulerFilterTests
{
    public static TheoryData<ScheduleCase> DatacenterCases => new()
    {
        new("node in the requested datacenter", [Compute("ams1-c01", "AMS-1"), Compute("par1-c01")], Vps("a", datacenter: "PAR-1"), "par1-c01"),
        new("only nodes elsewhere", [Compute("ams1-c01", "AMS-1")], Vps("a", datacenter: "PAR-1"), null, "datacenter PAR-1 has no compute node"),
        new("datacenter in maintenance, nodes Ready", [Compute("fra1-c01", "FRA-1")], Vps("a", datacenter: "FRA-1"), null, "datacenter FRA-1 is in maintenance and takes no new placements"),
        new("datacenter not in the policies", [Compute("lon1-c01", "LON-1")], Vps("a", datacenter: "LON-1"), null, "datacenter LON-1 is not in policies/datacenters.yaml"),
    };

    [Theory]
    [MemberData(nameof(DatacenterCases))]
    public void Schedule_RejectsNode_InAnotherOrClosedDatacenter(ScheduleCase row) => row.Verify();

    public static TheoryData<ScheduleCase> RoleCases => new()
    {
        new("VPS skips lb and gpu nodes", [LbNode("par1-lb-01"), GpuNode("par1-g-01", "A100-80GB", 8), Compute("par1-c09")], Vps("a"), "par1-c09"),
        new("VPS with only a gpu node", [GpuNode("par1-g-01", "A100-80GB", 8)], Vps("a"), null, "datacenter PAR-1 has no compute node"),
        new("GPU instance with only compute nodes", [Compute("par1-c01")], Gpu("g", "A100-80GB", 1), null, "datacenter PAR-1 has no gpu node"),
        new("load balancer goes to an lb node", [Compute("par1-c01"), LbNode("par1-lb-01")], Lb("web-lb"), "par1-lb-01"),
    };

    [Theory]
    [MemberData(nameof(RoleCases))]
    public void Schedule_RejectsNode_OfAnotherRole(ScheduleCase row) => row.Verify();

    public static TheoryData<ScheduleCase> AvailabilityCases => new()
    {
        new("cordoned", [Compute("par1-c01") with { Unschedulable = true }, Compute("par1-c02")], Vps("a"), "par1-c02"),
        new("fenced", [Compute("par1-c01") with { Fenced = true }, Compute("par1-c02")], Vps("a"), "par1-c02"),
        new("not Ready", [Compute("par1-c01") with { Ready = false }, Compute("par1-c02")], Vps("a"), "par1-c02"),
        new("the only node cordoned", [Compute("par1-c01") with { Unschedulable = true }], Vps("a"), null, "the only compute node in PAR-1 is cordoned"),
        new("the only node not Ready and fenced", [Compute("par1-c01") with { Ready = false, Fenced = true }], Vps("a"), null, "is fenced and not Ready"),
        new("every node out", [Compute("par1-c01") with { Unschedulable = true }, Compute("par1-c02") with { Ready = false }, Compute("par1-c03") with { Ready = false }],
            Vps("a"), null, "all 3 compute nodes in PAR-1 are cordoned, fenced or not Ready (1 cordoned, 2 not Ready)"),
    };

    [Theory]
    [MemberData(nameof(AvailabilityCases))]
    public void Schedule_RejectsNode_WhenCordonedFencedOrNotReady(ScheduleCase row) => row.Verify();

    public static TheoryData<ScheduleCase> VcpuCases => new()
    {
        // 64 hardware threads at overcommit 2.0 sell 128 vCPUs.
        new("128 vCPUs on an empty 64-thread node", [Compute("par1-c01")], Vps("a", vcpus: 128), "par1-c01"),
        new("129 vCPUs on an empty 64-thread node", [Compute("par1-c01")], Vps("a", vcpus: 129), null, "no compute node in PAR-1 has 129 free vCPUs (most free: 128 on par1-c01)"),
        new("28 vCPUs next to 100", [Compute("par1-c01").With(Vps("x", vcpus: 100))], Vps("a", vcpus: 28), "par1-c01"),
        new("29 vCPUs next to 100", [Compute("par1-c01").With(Vps("x", vcpus: 100))], Vps("a", vcpus: 29), null, "has 29 free vCPUs (most free: 28 on par1-c01)"),
        // GPU nodes sell their threads once: 256 threads take GPU-SUPERCOMPUTE's 256 vCPUs, not 257.
        new("GPU plan with every thread", [GpuNode("par1-g-01", "A100-80GB", 8, threads: 256)], Gpu("g", "A100-80GB", 1, vcpus: 256), "par1-g-01"),
        new("GPU plan with a thread too many", [GpuNode("par1-g-01", "A100-80GB", 8, threads: 256)], Gpu("g", "A100-80GB", 1, vcpus: 257), null, "no gpu node in PAR-1 has 257 free vCPUs (most free: 256 on par1-g-01)"),
    };

    [Theory]
    [MemberData(nameof(VcpuCases))]
    public void Schedule_OvercommitsVcpusOnComputeNodes_ButNotOnGpuNodes(ScheduleCase row) => row.Verify();

    public static TheoryData<ScheduleCase> MemoryCases => new()
    {
        new("all 256 GiB", [Compute("par1-c01")], Vps("a", memoryGiB: 256), "par1-c01"),
        new("257 GiB", [Compute("par1-c01")], Vps("a", memoryGiB: 257), null, "no compute node in PAR-1 has 257 GiB of free memory (most free: 256 GiB on par1-c01)"),
        new("64 GiB next to 192", [Compute("par1-c01").With(Vps("x", memoryGiB: 192))], Vps("a", memoryGiB: 64), "par1-c01"),
        new("65 GiB next to 192", [Compute("par1-c01").With(Vps("x", memoryGiB: 192))], Vps("a", memoryGiB: 65), null, "has 65 GiB of free memory (most free: 64 GiB on par1-c01)"),
    };

    [Theory]
    [MemberData(nameof(MemoryCases))]
    public void Schedule_RejectsNode_WhenMemoryIsShort_WithoutOvercommit(ScheduleCase row) => row.Verify();

    public static TheoryData<ScheduleCase> StorageCases => new()
    {
        new("all 1,280 GiB", [Compute("par1-c01")], Vps("a", diskGiB: 1280), "par1-c01"),
        new("1,281 GiB", [Compute("par1-c01")], Vps("a", diskGiB: 1281), null, "no compute node in PAR-1 has 1281 GiB of free storage (most free: 1280 GiB on par1-c01)"),
        new("the rest next to 1,000", [Compute("par1-c01").With(Vps("x", diskGiB: 1000))], Vps("a", diskGiB: 280), "par1-c01"),
        new("one GiB over the rest", [Compute("par1-c01").With(Vps("x", diskGiB: 1000))], Vps("a", diskGiB: 281), null, "has 281 GiB of free storage (most free: 280 GiB on par1-c01)"),
    };

    [Theory]
    [MemberData(nameof(StorageCases))]
    public void Schedule_RejectsNode_WhenLocalStorageIsShort(ScheduleCase row) => row.Verify();

    public static TheoryData<ScheduleCase> SpreadCases => new()
    {
        new("same namespace and group", [Compute("par1-c01").With(Vps("web-1", spreadGroup: "web")), Compute("par1-c02").With(Vps("x", vcpus: 100))],
            Vps("web-2", spreadGroup: "web"), "par1-c02"),
        new("same group, other namespace", [Compute("par1-c01").With(Vps("web-1", spreadGroup: "web", ns: "other"))], Vps("web-2", spreadGroup: "web"), "par1-c01"),
        new("same namespace, other group", [Compute("par1-c01").With(Vps("db-1", spreadGroup: "db"))], Vps("web-2", spreadGroup: "web"), "par1-c01"),
        new("no group next to a grouped server", [Compute("par1-c01").With(Vps("web-1", spreadGroup: "web"))], Vps("tools"), "par1-c01"),
        new("every node holds the group", [Compute("par1-c01").With(Vps("web-1", spreadGroup: "web")), Compute("par1-c02").With(Vps("web-2", spreadGroup: "web"))],
            Vps("web-3", spreadGroup: "web"), null, "every compute node in PAR-1 with room already runs a server of spread group acme/web"),
    };

    [Theory]
    [MemberData(nameof(SpreadCases))]
    public void Schedule_RejectsNode_WhenItRunsTheSameSpreadGroup(ScheduleCase row) => row.Verify();
}
