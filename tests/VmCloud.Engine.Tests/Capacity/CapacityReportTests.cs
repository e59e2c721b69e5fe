using VmCloud.Engine.Capacity;
using VmCloud.Engine.Scheduling;
using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Capacity;

/// <summary>
/// One row: a fleet, then one resource of one datacenter in its four states. Resources are
/// <c>vcpu</c>, <c>memory</c> and <c>storage</c> (in GiB here, bytes in the report) or <c>gpu:MODEL</c>.
/// </summary>
public sealed record CapacityCase(string Case, NodeSnapshot[] Nodes, string Datacenter, string Resource, CapacityStates Expected)
{
    /// <inheritdoc />
    public override string ToString() => Case;
}

public sealed class CapacityReportTests
{
    private const long GiB = CapacityReport.BytesPerGiB;

    private static readonly NodeSnapshot Par1 = Compute("par1-c01");

    public static TheoryData<CapacityCase> Cases => new()
    {
        new("an empty fleet has zeros", [], "PAR-1", "vcpu", new(0, 0, 0, 0)),
        new("a ready compute node: threads x2, sellable at 70 %", [Par1], "PAR-1", "vcpu", new(64, 128, 0, 89.6)),
        new("memory is not overcommitted, sellable at 70 %", [Par1], "PAR-1", "memory", new(256, 256, 0, 256 * 0.7)),
        new("storage is not overcommitted, sellable at 60 %", [Par1], "PAR-1", "storage", new(1280, 1280, 0, 768)),
        new("what is bound counts as allocated", [Par1.With(Vps("a", vcpus: 4, memoryGiB: 8, diskGiB: 160))], "PAR-1", "vcpu", new(64, 128, 4, 89.6)),
        new("bound memory", [Par1.With(Vps("a", vcpus: 4, memoryGiB: 8, diskGiB: 160))], "PAR-1", "memory", new(256, 256, 8, 256 * 0.7)),
        new("a cordoned node is physical only", [Par1 with { Unschedulable = true }], "PAR-1", "vcpu", new(64, 0, 0, 0)),
        new("a fenced node is physical only", [Par1 with { Fenced = true }], "PAR-1", "vcpu", new(64, 0, 0, 0)),
        new("a node without a fresh heartbeat is physical only", [Par1 with { Ready = false }], "PAR-1", "vcpu", new(64, 0, 0, 0)),
        new("a cordoned node's servers stay allocated", [Par1, Compute("par1-c02").With(Vps("a", vcpus: 6)) with { Unschedulable = true }],
            "PAR-1", "vcpu", new(128, 128, 6, 89.6)),
        new("FRA-1 is in maintenance: ready nodes there are not schedulable", [Compute("fra1-c01", "FRA-1")], "FRA-1", "vcpu", new(64, 0, 0, 0)),
        new("other datacenters do not count", [Compute("fra1-c01", "FRA-1"), Compute("ams1-c01", "AMS-1")], "PAR-1", "vcpu", new(0, 0, 0, 0)),
        new("a datacenter the policy does not know is physical only", [Compute("lon1-c01", "LON-1")], "LON-1", "vcpu", new(64, 0, 0, 0)),
        new("GPU nodes get no vCPU overcommit", [GpuNode("par1-g01", "A100-80GB", 8)], "PAR-1", "vcpu", new(256, 256, 0, 256 * 0.7)),
        new("GPUs are whole devices, sellable at the model's target", [GpuNode("par1-g01", "A100-80GB", 8)], "PAR-1", "gpu:A100-80GB", new(8, 8, 0, 7.2)),
        new("GPUs passed through are allocated",
            [GpuNode("par1-g01", "RTX-4090", 4).With(Gpu("g", "RTX-4090", 2), Pci(0), Pci(1))], "PAR-1", "gpu:RTX-4090", new(4, 4, 2, 3.2)),
        new("a model the datacenter does not offer is not schedulable there", [GpuNode("par1-g01", "T4", 5)], "PAR-1", "gpu:T4", new(5, 0, 0, 0)),
        new("the datacenter's own model on the same fleet", [GpuNode("ams1-g01", "T4", 5, "AMS-1")], "AMS-1", "gpu:T4", new(5, 5, 0, 4)),
        new("a datacenter's planned models show at zero", [], "FRA-1", "gpu:A100-40GB", new(0, 0, 0, 0)),
        new("GPUs of a node that takes no new work are physical only",
            [GpuNode("par1-g01", "A100-40GB", 4) with { Unschedulable = true }], "PAR-1", "gpu:A100-40GB", new(4, 0, 0, 0)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Report_GivesEveryState_OfAResourceInADatacenter(CapacityCase row)
    {
        var report = CapacityReport.From(row.Nodes, Policy);

        var datacenter = Assert.Single(report.Datacenters, d => d.Datacenter == row.Datacenter);
        var actual = Pick(datacenter, row.Resource);
        var expected = row.Resource is "memory" or "storage"
            ? row.Expected with { Physical = row.Expected.Physical * GiB, Schedulable = row.Expected.Schedulable * GiB, Allocated = row.Expected.Allocated * GiB, Sellable = row.Expected.Sellable * GiB }
            : row.Expected;
        Assert.Equal((expected.Physical, expected.Schedulable, expected.Allocated), (actual.Physical, actual.Schedulable, actual.Allocated));
        Assert.True(Math.Abs(expected.Sellable - actual.Sellable) <= 1e-9 * Math.Max(1, expected.Sellable), $"sellable {actual.Sellable}, expected {expected.Sellable}");
    }

    public static TheoryData<string, NodeSnapshot[], string, double> Utilisations => new()
    {
        { "nothing schedulable is 0, not NaN", [Compute("fra1-c01", "FRA-1")], "FRA-1/vcpu", 0 },
        { "allocated over schedulable", [Par1.With(Vps("a", vcpus: 32, memoryGiB: 64, diskGiB: 320))], "PAR-1/vcpu", 0.25 },
        { "memory", [Par1.With(Vps("a", vcpus: 32, memoryGiB: 64, diskGiB: 320))], "PAR-1/memory", 0.25 },
        { "storage", [Par1.With(Vps("a", vcpus: 32, memoryGiB: 64, diskGiB: 320))], "PAR-1/storage", 0.25 },
        { "a GPU model", [GpuNode("par1-g01", "A100-80GB", 8).With(Gpu("g", "A100-80GB", 2), Pci(0), Pci(1))], "PAR-1/gpu:A100-80GB", 0.25 },
        { "what runs on a cordoned node weighs on what is left", [Par1, Compute("par1-c02").With(Vps("a", vcpus: 64)) with { Unschedulable = true }], "PAR-1/vcpu", 0.5 },
    };

    [Theory]
    [MemberData(nameof(Utilisations))]
    public void Utilisation_IsAllocatedOverSchedulable(string why, NodeSnapshot[] nodes, string where, double expected)
    {
        var report = CapacityReport.From(nodes, Policy);

        var (code, resource) = (where.Split('/')[0], where.Split('/')[1]);
        Assert.True(Math.Abs(expected - Pick(report.Datacenters.Single(d => d.Datacenter == code), resource).Utilisation) < 1e-9, why);
    }

    [Fact]
    public void Report_ListsEveryDatacenterOfThePolicy_InCodeOrder_WithTheTargets()
    {
        var report = CapacityReport.From([Compute("lon1-c01", "LON-1")], Policy);

        Assert.Equal(["AMS-1", "FRA-1", "LON-1", "PAR-1"], report.Datacenters.Select(d => d.Datacenter));
        Assert.Equal(["A100-40GB", "A100-80GB", "RTX-4090"], report.Datacenters.Single(d => d.Datacenter == "PAR-1").Gpus.Select(g => g.Model));
        Assert.Equal((0.70m, 0.70m, 0.60m, 0.90m), (report.Targets.Vcpu, report.Targets.Memory, report.Targets.Storage, report.Targets.ForGpu("A100-80GB")));
    }

    [Fact]
    public void Report_DoesNotDependOnNodeOrder()
    {
        NodeSnapshot[] nodes = [Par1, Compute("par1-c02", threads: 32), GpuNode("par1-g01", "RTX-4090", 4), Compute("ams1-c01", "AMS-1")];

        Assert.Equal(CapacityFamiliesTests.Render(CapacityReport.From(nodes, Policy)), CapacityFamiliesTests.Render(CapacityReport.From(nodes.Reverse(), Policy)));
    }

    private static CapacityStates Pick(DatacenterCapacity datacenter, string resource) => resource switch
    {
        "vcpu" => datacenter.Vcpus,
        "memory" => datacenter.MemoryBytes,
        "storage" => datacenter.StorageBytes,
        _ => datacenter.Gpus.Single(g => g.Model == resource["gpu:".Length..]).Devices,
    };
}
