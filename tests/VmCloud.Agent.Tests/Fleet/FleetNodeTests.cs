using VmCloud.Agent.Fleet;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.V1Alpha1;
using VmCloud.Tests;

namespace VmCloud.Agent.Tests.Fleet;

public sealed class FleetNodeTests
{
    [Fact]
    public void Load_ReadsTheExampleFleet_WithCapacityAndGpus()
    {
        var (nodes, errors) = FleetNode.Load(RepoPaths.Combine("examples", "fleet"));

        Assert.Empty(errors);
        Assert.Contains(nodes, n => n.Role == NodeRole.Compute);
        var t4 = nodes.Single(n => n.Name == "ams1-g-t4-01");
        Assert.Equal(("AMS-1", NodeRole.Gpu, 48, 256, 3072), (t4.Datacenter, t4.Role, t4.Vcpus, t4.MemoryGiB, t4.StorageGiB));
        Assert.Equal(5, t4.Gpus.Count(g => g.Model == "T4"));
        Assert.All(nodes, n => Assert.Equal(n.Vcpus, n.DriverSpec().Cpus));
    }

    [Fact]
    public void Load_PointsAtANodeWithoutCapacity_WithItsLine()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("nodes.yaml");
        File.WriteAllText(path, FleetManifests.Node("par1-c01") + "---\napiVersion: vmcloud.io/v1alpha1\nkind: HypervisorNode\nmetadata:\n  name: par1-c02\nspec:\n  datacenter: PAR-1\n  role: Compute\n");

        var (nodes, errors) = FleetNode.Load(path);

        Assert.Single(nodes);
        var error = Assert.Single(errors);
        Assert.StartsWith($"{path}:", error, StringComparison.Ordinal);
        Assert.Contains("HypervisorNode par1-c02: a simulated node needs status.capacity", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RefusesAMissingPath_AndAFolderWithoutNodes()
    {
        using var directory = new TempDirectory();

        Assert.Equal(["/nonexistent/fleet: no such file or folder"], FleetNode.Load("/nonexistent/fleet").Errors);
        Assert.Contains("no HypervisorNode manifest found", Assert.Single(FleetNode.Load(directory.Path).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void DriverSpec_UsesTwoThreadsPerCore_WhenTheCountIsEven()
    {
        var node = new FleetNode("n", "PAR-1", NodeRole.Compute, 64, 256, 1280, []);

        Assert.Equal((1, 32, 2, 262144L, 1280L), (node.DriverSpec().Sockets, node.DriverSpec().CoresPerSocket, node.DriverSpec().ThreadsPerCore, node.DriverSpec().MemoryMiB, node.DriverSpec().PoolCapacityGiB));
        Assert.Equal(7, (node with { Vcpus = 7 }).DriverSpec().Cpus);
    }
}
