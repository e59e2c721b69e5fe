using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;
using static VmCloud.Agent.Tests.Libvirt.LibvirtSamples;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>Reading domain XML back: the round trip with the renderer, libvirt's own forms, bad input.</summary>
public class DomainXmlReaderTests
{
    public static TheoryData<string> Servers => new("vps", "gpu", "volumes");

    [Theory]
    [MemberData(nameof(Servers))]
    public void Read_OfRender_GivesBackWhatWasRendered(string which)
    {
        var server = which switch
        {
            "vps" => Vps(),
            "gpu" => GpuInstance(),
            _ => WithVolumes(),
        };

        var observed = DomainXmlReader.Read(DomainXml.Render(server, KvmHost), running: true, ["10.0.0.5"]);

        var owner = server.Owner;
        Assert.Equal(new DomainOwner(owner.Uid, owner.Kind, owner.Namespace, owner.Name, owner.Generation), observed.Owner);
        Assert.Equal((owner.Uid, "vmc-" + owner.Uid, true), (observed.Uuid, observed.Name, observed.Running));
        Assert.Equal((server.Vcpus, (long)server.MemoryMiB), (observed.Vcpus, observed.MemoryMiB));
        Assert.Equal(
            [KvmHost.VolumePath(DomainNames.RootVolume(owner.Uid)), .. server.VolumeUids.Select(v => KvmHost.VolumePath(DomainNames.Volume(v)))],
            observed.DiskSources);
        Assert.Equal(server.GpuPciAddresses, observed.HostdevPciAddresses);
        Assert.Equal(["10.0.0.5"], observed.Addresses);
    }

    [Theory]
    [InlineData("<memory unit='KiB'>4194304</memory>", 4096)]
    [InlineData("<memory>4194304</memory>", 4096)]
    [InlineData("<memory unit='MiB'>4096</memory>", 4096)]
    [InlineData("<memory unit='G'>4</memory>", 4096)]
    [InlineData("<memory unit='bytes'>4294967296</memory>", 4096)]
    [InlineData("<memory unit='GB'>4</memory>", 3814)]
    [InlineData("<memory unit='parsecs'>4</memory>", 0)]
    public void Read_ConvertsMemory_ToMiB(string memory, long mib) =>
        Assert.Equal(mib, DomainXmlReader.Read(Domain(memory), running: false, []).MemoryMiB);

    [Fact]
    public void Read_DomainWithoutMetadata_HasNoOwner()
    {
        var observed = DomainXmlReader.Read(Domain(""), running: false, []);

        Assert.Null(observed.Owner);
        Assert.Equal(("6695eb01-f6a4-8304-79aa-97f2502e193f", "hand-made", 2), (observed.Uuid, observed.Name, observed.Vcpus));
    }

    [Fact]
    public void Read_UnreadableOwnerMetadata_CountsAsForeign()
    {
        var metadata = $"<metadata><v:owner xmlns:v='{AgentProtocol.MetadataNamespace}' uid='u' kind='VirtualServer' namespace='a' name='b' generation='soon'/></metadata>";

        Assert.Null(DomainXmlReader.Read(Domain(metadata), running: false, []).Owner);
    }

    [Fact]
    public void Read_ListsDisksInTargetOrder_WithEverySourceForm_AndSkipsCdroms()
    {
        var devices = """
            <devices>
              <disk type='file' device='disk'><source file='/p/third'/><target dev='vdaa' bus='virtio'/></disk>
              <disk type='volume' device='disk'><source pool='default' volume='second'/><target dev='vdb' bus='virtio'/></disk>
              <disk type='file' device='cdrom'><source file='/seed.iso'/><target dev='sda' bus='sata'/><readonly/></disk>
              <disk type='block' device='disk'><source dev='/dev/first'/><target dev='vda' bus='virtio'/></disk>
              <disk type='file' device='disk'><target dev='vdc' bus='virtio'/></disk>
            </devices>
            """;

        Assert.Equal(["/dev/first", "default/second", "/p/third"], DomainXmlReader.Read(Domain(devices), running: false, []).DiskSources);
    }

    [Fact]
    public void Read_FormatsHostdevAddresses_LikeLspci()
    {
        var devices = """
            <devices>
              <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0xC1' slot='0x00' function='0x1'/></source></hostdev>
              <hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/></source></hostdev>
              <hostdev mode='subsystem' type='pci' managed='yes'><source><address bus='0x41' slot='0x1f' function='0x0'/></source></hostdev>
            </devices>
            """;

        Assert.Equal(["0000:c1:00.1", "0000:41:1f.0"], DomainXmlReader.Read(Domain(devices), running: true, []).HostdevPciAddresses);
    }

    [Theory]
    [InlineData("<domain><name>x", "not valid XML")]
    [InlineData("", "not valid XML")]
    [InlineData("<network><name>default</name></network>", "its root element is <network>, not <domain>")]
    [InlineData("<domain><name>x</name></domain>", "it has no <uuid>")]
    [InlineData("<!DOCTYPE domain [<!ENTITY a 'aaaa'>]><domain><name>&a;</name></domain>", "not valid XML")]
    public void Read_BadXml_ThrowsHypervisorException(string xml, string why)
    {
        var error = Assert.Throws<HypervisorException>(() => DomainXmlReader.Read(xml, running: false, []));
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void TryReadName_OfBadXml_IsNull() => Assert.Null(DomainXmlReader.TryReadName("<domain"));

    private static string Domain(string extra) => $"""
        <domain type='kvm'>
          <name>hand-made</name>
          <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
          <vcpu>2</vcpu>
          {(extra.StartsWith("<memory", StringComparison.Ordinal) ? extra : "<memory unit='KiB'>1048576</memory>")}
          {(extra.StartsWith("<memory", StringComparison.Ordinal) ? "" : extra)}
          <os><type arch='x86_64'>hvm</type></os>
        </domain>
        """;
}
