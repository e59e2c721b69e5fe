using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Scheduling;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>Nodes and requests for scheduler tests, with the checkout's real policies.</summary>
internal static class SchedulingFixtures
{
    private static readonly Lazy<SchedulingPolicy> LoadedPolicy = new(() => SchedulingPolicy.From(TestObjects.Policies));

    /// <summary>The scheduling rules of policies/: vCPU overcommit 2.0, targets 70/70/60 %, FRA-1 in maintenance.</summary>
    public static SchedulingPolicy Policy => LoadedPolicy.Value;

    /// <summary>A seed-sized compute node: 64 threads (128 sellable vCPUs), 256 GiB, 1,280 GiB of NVMe.</summary>
    public static NodeSnapshot Compute(string name, string datacenter = "PAR-1", int threads = 64, int memoryGiB = 256, int storageGiB = 1280) => new()
    {
        Name = name,
        Datacenter = datacenter,
        Role = NodeRole.Compute,
        Ready = true,
        Capacity = new ResourceAmounts(threads, memoryGiB, storageGiB),
    };

    /// <summary>A GPU node with <paramref name="count"/> devices of one model at 0000:01:00.0, 0000:11:00.0, ...</summary>
    public static NodeSnapshot GpuNode(string name, string model, int count, string datacenter = "PAR-1",
        int threads = 256, int memoryGiB = 2048, int storageGiB = 81920) => new()
    {
        Name = name,
        Datacenter = datacenter,
        Role = NodeRole.Gpu,
        Ready = true,
        Capacity = new ResourceAmounts(threads, memoryGiB, storageGiB),
        Gpus = [.. Enumerable.Range(0, count).Select(i => new NodeGpu(model, Pci(i)))],
    };

    /// <summary>A load-balancer node.</summary>
    public static NodeSnapshot LbNode(string name, string datacenter = "PAR-1") => new()
    {
        Name = name,
        Datacenter = datacenter,
        Role = NodeRole.Lb,
        Ready = true,
        Capacity = new ResourceAmounts(16, 64, 480),
    };

    /// <summary>The PCI address of the <paramref name="index"/>th GPU of a test node.</summary>
    public static string Pci(int index) => $"0000:{index * 16 + 1:x2}:00.0";

    /// <summary>A VirtualServer request.</summary>
    public static PlacementRequest Vps(string name, int vcpus = 1, int memoryGiB = 2, int diskGiB = 40,
        string datacenter = "PAR-1", string? spreadGroup = null, string ns = "acme") => new()
    {
        Namespace = ns,
        Name = name,
        Kind = "VirtualServer",
        Datacenter = datacenter,
        Role = NodeRole.Compute,
        Vcpus = vcpus,
        MemoryGiB = memoryGiB,
        DiskGiB = diskGiB,
        SpreadGroup = spreadGroup,
    };

    /// <summary>A GpuInstance request.</summary>
    public static PlacementRequest Gpu(string name, string model, int count, int vcpus = 8, int memoryGiB = 32, int diskGiB = 500,
        string datacenter = "PAR-1", string ns = "lab") => new()
    {
        Namespace = ns,
        Name = name,
        Kind = "GpuInstance",
        Datacenter = datacenter,
        Role = NodeRole.Gpu,
        Vcpus = vcpus,
        MemoryGiB = memoryGiB,
        DiskGiB = diskGiB,
        GpuModel = model,
        GpuCount = count,
    };

    /// <summary>A LoadBalancer request.</summary>
    public static PlacementRequest Lb(string name, string datacenter = "PAR-1") => new()
    {
        Namespace = "acme",
        Name = name,
        Kind = "LoadBalancer",
        Datacenter = datacenter,
        Role = NodeRole.Lb,
    };

    /// <summary>The request of a catalogue plan, sized from policies/catalog.yaml.</summary>
    public static PlacementRequest Plan(string plan, string name, string datacenter)
    {
        var offer = TestObjects.Policies.Catalog.FindOffer(plan) ?? throw new ArgumentException($"no plan {plan}", nameof(plan));
        return new PlacementRequest
        {
            Namespace = "acme",
            Name = name,
            Kind = offer.Gpu is null ? "VirtualServer" : "GpuInstance",
            Datacenter = datacenter,
            Role = offer.Gpu is null ? NodeRole.Compute : NodeRole.Gpu,
            Vcpus = offer.Vcpus ?? 0,
            MemoryGiB = offer.MemoryGiB ?? 0,
            DiskGiB = offer.DiskGiB ?? 0,
            GpuModel = offer.Gpu?.Model,
            GpuCount = offer.Gpu?.Count ?? 0,
        };
    }

    /// <summary>A node with a placement of these resources already on it.</summary>
    public static NodeSnapshot With(this NodeSnapshot node, PlacementRequest request, params string[] gpus) =>
        node.Allocate(new Placement(request, node.Name, gpus));

    /// <summary>Schedules with the real policy.</summary>
    public static PlacementResult Schedule(PlacementRequest request, params NodeSnapshot[] nodes) =>
        Scheduler.Schedule(request, nodes, Policy);

    /// <summary>The placement, failing the test with the reason when there is none.</summary>
    public static Placement AssertPlaced(PlacementResult result) => result switch
    {
        PlacementResult.Placed placed => placed.Placement,
        PlacementResult.Unschedulable refused => throw new Xunit.Sdk.XunitException($"expected a placement, got: {refused.Reason}"),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The reason, failing the test when the object was placed.</summary>
    public static string AssertUnschedulable(PlacementResult result) => result switch
    {
        PlacementResult.Unschedulable refused => refused.Reason,
        PlacementResult.Placed placed => throw new Xunit.Sdk.XunitException($"expected no placement, got node {placed.Placement.NodeName}"),
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>
/// One row of a scheduler table: nodes, a request, and either the node it must land on or a
/// fragment of the reason it must be refused with.
/// </summary>
public sealed record ScheduleCase(string Case, NodeSnapshot[] Nodes, PlacementRequest Request, string? Node, string? Reason = null)
{
    /// <summary>Runs the row.</summary>
    public void Verify()
    {
        var result = SchedulingFixtures.Schedule(Request, Nodes);
        if (Node is not null)
            Assert.Equal(Node, SchedulingFixtures.AssertPlaced(result).NodeName);
        else
            Assert.Contains(Reason!, SchedulingFixtures.AssertUnschedulable(result), StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => Case;
}
