using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using static VmCloud.Agent.Tests.Libvirt.LibvirtSamples;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>Domains through the real libvirt test driver, each test on its own simulated node.</summary>
public sealed class LibvirtHypervisorDomainTests : IDisposable
{
    private readonly SimulatedNode node = new();

    public void Dispose() => node.Dispose();

    [Fact]
    public void DefineAndStart_ListsDomainRunning_WithOwner()
    {
        var uid = node.Define(Vps());
        Assert.False(node.Get(uid).Running);

        node.Hypervisor.SetPower(uid, PowerAction.Start);

        var observed = node.Get(uid);
        Assert.True(observed.Running);
        Assert.Equal(new DomainOwner(VpsUid, "VirtualServer", "acme", "web-1", 3), observed.Owner);
        Assert.Equal(("vmc-" + VpsUid, 2, 4096L), (observed.Name, observed.Vcpus, observed.MemoryMiB));
        Assert.Equal([$"/var/lib/vmcloud/pool/vmc-{VpsUid}-root"], observed.DiskSources);
    }

    [Fact]
    public void RunningDomain_HasAnAddress_FromTheNodeNetwork()
    {
        var uid = node.Define(Vps());
        node.Hypervisor.SetPower(uid, PowerAction.Start);

        var address = Assert.Single(node.Get(uid).Addresses);
        Assert.Matches(@"^10\.\d+\.\d+\.\d+$", address);
    }

    [Fact]
    public void Shutdown_LeavesDomainShutOff_AndStartBootsItAgain()
    {
        var uid = node.Define(Vps());
        node.Hypervisor.SetPower(uid, PowerAction.Start);

        node.Hypervisor.SetPower(uid, PowerAction.Shutdown);
        Assert.False(node.Get(uid).Running);
        Assert.Empty(node.Get(uid).Addresses);

        node.Hypervisor.SetPower(uid, PowerAction.Start);
        Assert.True(node.Get(uid).Running);
    }

    [Fact]
    public void Destroy_PowersOff_AndUndefineRemovesTheDomain()
    {
        var uid = node.Define(Vps());
        node.Hypervisor.SetPower(uid, PowerAction.Start);

        node.Hypervisor.SetPower(uid, PowerAction.Destroy);
        Assert.False(node.Get(uid).Running);
        node.Hypervisor.UndefineDomain(uid);

        Assert.Null(node.Find(uid));
        node.Hypervisor.UndefineDomain(uid);
    }

    [Fact]
    public void SetPower_IsIdempotent()
    {
        var uid = node.Define(Vps());

        node.Hypervisor.SetPower(uid, PowerAction.Shutdown);
        node.Hypervisor.SetPower(uid, PowerAction.Destroy);
        node.Hypervisor.SetPower(uid, PowerAction.Start);
        node.Hypervisor.SetPower(uid, PowerAction.Start);

        Assert.True(node.Get(uid).Running);
    }

    [Fact]
    public void Undefine_RefusesRunningDomain()
    {
        var uid = node.Define(Vps());
        node.Hypervisor.SetPower(uid, PowerAction.Start);

        var error = Assert.Throws<HypervisorException>(() => node.Hypervisor.UndefineDomain(uid));
        Assert.Equal($"domain vmc-{VpsUid} is running: destroy it before undefining it", error.Message);
        Assert.NotNull(node.Find(uid));
    }

    [Fact]
    public void SetPower_OfUnknownUuid_Throws()
    {
        var error = Assert.Throws<HypervisorException>(() => node.Hypervisor.SetPower(GpuUid, PowerAction.Start));
        Assert.Equal($"there is no domain with UUID {GpuUid} to start", error.Message);
    }

    [Fact]
    public void DefineDomain_RefusesSecondDomainWithSameUuid()
    {
        var uid = node.Define(Vps());
        var impostor = DomainXml.Render(Vps(), node.Host).Replace($"<name>vmc-{uid}</name>", "<name>impostor</name>", StringComparison.Ordinal);

        var error = Assert.Throws<HypervisorException>(() => node.Hypervisor.DefineDomain(impostor));

        Assert.StartsWith("libvirt refused to define domain impostor: ", error.Message);
        Assert.Contains($"is already defined with uuid {uid}", error.Message);
        Assert.Equal(["vmc-" + uid], node.Hypervisor.ListDomains().Select(d => d.Name));
    }

    [Fact]
    public void DefineDomain_WithSameUuidAndName_RedefinesIt()
    {
        var uid = node.Define(Vps());

        node.Define(Vps(generation: 4) with { Vcpus = 4, VolumeUids = [VolumeA] });

        var observed = node.Get(uid);
        Assert.Equal((4, 4L), (observed.Vcpus, observed.Owner?.Generation));
        Assert.Equal(2, observed.DiskSources.Count);
    }

    [Fact]
    public void GpuDomain_ShowsHostdevsInLiveXml()
    {
        var uid = node.Define(GpuInstance());
        node.Hypervisor.SetPower(uid, PowerAction.Start);

        var observed = node.Get(uid);
        Assert.True(observed.Running);
        Assert.Equal(["0000:41:00.0", "0000:c1:00.0"], observed.HostdevPciAddresses);
    }

    [Fact]
    public void ForeignDomain_IsListed_WithoutOwner()
    {
        node.Hypervisor.DefineDomain("""
            <domain type='test'>
              <name>legacy-mail</name>
              <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
              <memory unit='GiB'>2</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64'>hvm</type></os>
            </domain>
            """);

        var foreign = node.Get("6695eb01-f6a4-8304-79aa-97f2502e193f");
        Assert.Equal(("legacy-mail", (DomainOwner?)null, 2048L), (foreign.Name, foreign.Owner, foreign.MemoryMiB));
    }

    [Theory]
    [InlineData("<domain type='test'><name>broken", "libvirt refused to define a domain: ", "Premature end of data")]
    [InlineData("<domain type='test'><name>no-os</name></domain>", "libvirt refused to define domain no-os: ", "an os <type> must be specified")]
    public void DefineDomain_InvalidXml_ThrowsWithLibvirtsMessage(string xml, string prefix, string libvirtSays)
    {
        var error = Assert.Throws<HypervisorException>(() => node.Hypervisor.DefineDomain(xml));

        Assert.StartsWith(prefix, error.Message);
        Assert.Contains(libvirtSays, error.Message);
    }

    [Fact]
    public void Nodes_DoNotShareDomains()
    {
        using var other = new SimulatedNode(SimulatedNode.Epyc with { Name = "par1-c02" });

        node.Define(Vps());

        Assert.Empty(other.Hypervisor.ListDomains());
    }

    [Fact]
    public void ConcurrentCalls_FromManyThreads_AreSerialised()
    {
        var uids = Enumerable.Range(0, 16).Select(i => $"00000000-0000-4000-8000-{i:d12}").ToList();

        Parallel.ForEach(uids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, uid =>
        {
            node.Define(Vps(uid, "web"));
            node.Hypervisor.SetPower(uid, PowerAction.Start);
            Assert.NotEmpty(node.Hypervisor.ListDomains());
        });

        Assert.Equal(uids, node.Hypervisor.ListDomains().Where(d => d.Running).Select(d => d.Uuid).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Open_UnreachableUri_ThrowsHypervisorException()
    {
        var error = Assert.Throws<HypervisorException>(() => LibvirtHypervisor.Open("test:///nonexistent/node.xml", "default"));
        Assert.StartsWith("libvirt cannot connect to test:///nonexistent/node.xml: ", error.Message);
    }

    [Fact]
    public void Open_UnknownPool_ThrowsHypervisorException()
    {
        var error = Assert.Throws<HypervisorException>(() => LibvirtHypervisor.Open(node.Uri, "images"));
        Assert.StartsWith("libvirt could not find storage pool images: ", error.Message);
    }
}
