using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using static VmCloud.Agent.Tests.Libvirt.LibvirtSamples;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>The host and its storage pool through the real libvirt test driver.</summary>
public sealed class LibvirtHypervisorVolumeTests : IDisposable
{
    private readonly SimulatedNode node = new();

    public void Dispose() => node.Dispose();

    [Fact]
    public void ReadHost_ReflectsTheNodeFile()
    {
        Assert.Equal(new HostFacts(128, 524288, 3840, "/var/lib/vmcloud/pool", "test"), node.Hypervisor.ReadHost());
        Assert.Equal("qcow2", node.Hypervisor.VolumeFormat);
    }

    [Fact]
    public void ReadHost_OfAnotherNode_ReflectsItsOwnFile()
    {
        var spec = new TestNodeSpec("ams1-g01", Sockets: 1, CoresPerSocket: 24, ThreadsPerCore: 2, MemoryMiB: 256 * 1024, PoolCapacityGiB: 1920, PoolPath: "/srv/pool", PoolName: "fast");
        using var other = new SimulatedNode(spec);

        Assert.Equal(new HostFacts(48, 262144, 1920, "/srv/pool", "test"), other.Hypervisor.ReadHost());
    }

    [Fact]
    public void ResizeVolume_CreatesGrowsAndDeletes()
    {
        var name = DomainNames.Volume(VolumeA);

        node.Hypervisor.ResizeVolume(name, 10);
        Assert.Equal([new PoolVolume(name, "/var/lib/vmcloud/pool/" + name, 10)], node.Hypervisor.ListVolumes());

        node.Hypervisor.ResizeVolume(name, 20);
        node.Hypervisor.ResizeVolume(name, 20);
        Assert.Equal(20, Assert.Single(node.Hypervisor.ListVolumes()).CapacityGiB);

        node.Hypervisor.ResizeVolume(name, 0);
        Assert.Empty(node.Hypervisor.ListVolumes());
        node.Hypervisor.ResizeVolume(name, 0);
    }

    [Fact]
    public void ResizeVolume_RefusesToShrink()
    {
        var name = DomainNames.RootVolume(VpsUid);
        node.Hypervisor.ResizeVolume(name, 80);

        var error = Assert.Throws<HypervisorException>(() => node.Hypervisor.ResizeVolume(name, 40));

        Assert.Equal($"volume {name} holds 80 GiB: shrinking it to 40 GiB is refused, volumes only grow", error.Message);
        Assert.Equal(80, Assert.Single(node.Hypervisor.ListVolumes()).CapacityGiB);
    }

    [Fact]
    public void Volumes_BeyondTheTestDriversHundredGiB_FitThePoolCapacity()
    {
        // New volumes are thin: a pool is as large as the node file says, not the test driver's 100 GiB.
        node.Hypervisor.ResizeVolume(DomainNames.Volume(VolumeA), 2000);
        node.Hypervisor.ResizeVolume(DomainNames.Volume(VolumeB), 1000);

        Assert.Equal([1000L, 2000L], node.Hypervisor.ListVolumes().Select(v => v.CapacityGiB).Order());
        Assert.Equal(3840, node.Hypervisor.ReadHost().PoolCapacityGiB);
    }

    [Fact]
    public void ListVolumes_IncludesVolumesVmcloudDidNotName()
    {
        node.Hypervisor.ResizeVolume("ubuntu-24.04.qcow2", 3);
        node.Hypervisor.ResizeVolume(DomainNames.RootVolume(VpsUid), 80);

        Assert.Equal(
            [("ubuntu-24.04.qcow2", (PoolVolumeName?)null), (DomainNames.RootVolume(VpsUid), new PoolVolumeName(VpsUid, IsRoot: true))],
            node.Hypervisor.ListVolumes().Select(v => (v.Name, DomainNames.ParseVolume(v.Name))).OrderBy(v => v.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void ResizeVolume_NegativeCapacity_IsABug() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => node.Hypervisor.ResizeVolume("x", -1));
}
