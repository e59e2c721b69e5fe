using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Engine.Scheduling;
using VmCloud.Tests;
using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>examples/fleet is the seed's fleet: it loads, adds up, and takes every plan of the catalogue.</summary>
public class ExampleFleetTests
{
    // The fleet files' heartbeats are at 09:00:00; judge them a few seconds later.
    private static readonly DateTimeOffset Now = new(2025, 12, 1, 9, 0, 10, TimeSpan.Zero);

    private static readonly Lazy<ManifestSet> Loaded = new(() => ManifestLoader.LoadTree(RepoPaths.Combine("examples", "fleet"), allowStatus: true));

    private static List<HypervisorNode> HypervisorNodes => [.. Loaded.Value.Manifests.Select(m => m.Object).OfType<HypervisorNode>()];

    private static FleetAllocation EmptyFleet() =>
        new(HypervisorNodes.Select(n => NodeSnapshots.From(n, Now, NodeSnapshots.DefaultHeartbeatTimeout)), Policy);

    [Fact]
    public void Fleet_Loads_WithoutErrors()
    {
        Assert.Empty(Loaded.Value.Errors.Select(e => e.ToString()));
        Assert.All(Loaded.Value.Manifests, m => Assert.IsType<HypervisorNode>(m.Object));
        Assert.All(HypervisorNodes, n => Assert.Null(n.Metadata.Namespace));
        Assert.All(EmptyFleet().Nodes, n => Assert.True(n.Ready, $"{n.Name} is not Ready"));
    }

    [Fact]
    public void Fleet_HasTheSeedsSixtyCpuServers()
    {
        var compute = HypervisorNodes.Where(n => n.Spec.Role == NodeRole.Compute).ToList();

        Assert.Equal(60, compute.Count);
        Assert.Equal(3840, compute.Sum(n => n.Status!.Capacity.Vcpus));
        Assert.Equal(60 * 256, compute.Sum(n => n.Status!.Capacity.MemoryGiB));
        Assert.Equal(55 * 1280 + 5 * 7680, compute.Sum(n => n.Status!.Capacity.StorageGiB));
    }

    [Theory]
    [InlineData("T4", 25, "AMS-1")]
    [InlineData("RTX-4090", 20, "PAR-1")]
    [InlineData("A100-40GB", 30, "PAR-1")]
    [InlineData("A100-80GB", 10, "PAR-1")]
    public void Fleet_HasTheSeedsGpus_WhereThePolicyPutsThem(string model, int count, string datacenter)
    {
        var devices = HypervisorNodes.SelectMany(n => n.Status!.Gpus.Select(g => (Node: n, Gpu: g))).Where(x => x.Gpu.Model == model).ToList();

        Assert.Equal(count, devices.Count);
        Assert.All(devices, x => Assert.Equal(datacenter, x.Node.Spec.Datacenter));
        Assert.All(devices, x => Assert.True(Policy.Datacenters[datacenter].HasGpuModel(model)));
        Assert.All(devices.GroupBy(x => x.Node.Metadata.Name), node => Assert.Equal(node.Count(), node.Select(x => x.Gpu.PciAddress).Distinct().Count()));
    }

    public static TheoryData<string> Plans => [.. TestObjects.Policies.Catalog.Offers
        .Where(o => o.Product is ProductLine.Vps or ProductLine.Gpu).Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Plans))]
    public void EveryPlan_FitsTheEmptyFleet(string plan)
    {
        var offer = TestObjects.Policies.Catalog.FindOffer(plan)!;
        var datacenters = offer.Gpu is { } gpu ? Policy.Datacenters.Values.Where(d => d.Schedulable && d.HasGpuModel(gpu.Model)).ToList() : [.. Policy.Datacenters.Values.Where(d => d.Schedulable)];

        Assert.NotEmpty(datacenters);
        Assert.All(datacenters, d => AssertPlaced(EmptyFleet().Place(Plan(plan, "one", d.Code))));
    }

    [Theory]
    [InlineData("GPU-STARTER", 25, "AMS-1")]
    [InlineData("GPU-PRO", 20, "PAR-1")]
    [InlineData("GPU-BUSINESS", 10, "PAR-1")]
    [InlineData("GPU-ENTERPRISE", 30, "PAR-1")]
    [InlineData("GPU-QUANTUM", 15, "PAR-1")]
    public void EveryGpu_SellsOnAPlanOfItsModel(string plan, int count, string datacenter)
    {
        var fleet = EmptyFleet();

        for (var i = 1; i <= count; i++)
            AssertPlaced(fleet.Place(Plan(plan, $"g{i}", datacenter)));
    }

    [Fact]
    public void ThirtyOneGpuEnterprise_DoNotFit_AsThereAreThirtyA100With40GB()
    {
        var fleet = EmptyFleet();
        for (var i = 1; i <= 30; i++)
            AssertPlaced(fleet.Place(Plan("GPU-ENTERPRISE", $"g{i}", "PAR-1")));

        var reason = AssertUnschedulable(fleet.Place(Plan("GPU-ENTERPRISE", "g31", "PAR-1")));

        Assert.StartsWith("no gpu node in PAR-1 has 1 free A100-40GB: all 30 A100-40GB there are allotted", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fra1_TakesNothing_WhileInMaintenance()
    {
        Assert.Contains("datacenter FRA-1 is in maintenance", AssertUnschedulable(EmptyFleet().Place(Plan("VPS-NANO", "a", "FRA-1"))), StringComparison.Ordinal);
    }

    [Fact]
    public void GitopsExamples_FitTheFleet()
    {
        var objects = ManifestLoader.LoadTree(RepoPaths.Combine("examples", "gitops")).Manifests.Select(m => m.Object).ToList();
        var volumes = objects.OfType<Volume>().ToList();
        var fleet = EmptyFleet();

        var requests = objects.Select(o => PlacementRequests.For(o, TestObjects.Policies.Catalog, volumes)).OfType<PlacementRequest>().ToList();

        Assert.NotEmpty(requests);
        Assert.All(requests, r => AssertPlaced(fleet.Place(r)));
    }
}
