using System.Xml.Linq;
using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;
using static VmCloud.Agent.Tests.Libvirt.LibvirtSamples;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>The domain XML renderer: golden files for each kind of server, and its rules one by one.</summary>
public class DomainXmlTests
{
    private static readonly Dictionary<string, DesiredServer> GoldenServers = new()
    {
        ["vps.xml"] = Vps(),
        ["gpu-instance.xml"] = GpuInstance(),
        ["server-with-volumes.xml"] = WithVolumes(),
        ["stopped-server.xml"] = Stopped(),
    };

    public static TheoryData<string> GoldenCases => new(GoldenServers.Keys);

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Render_MatchesGoldenFile(string goldenFile) =>
        GoldenFile.Verify(goldenFile, DomainXml.Render(GoldenServers[goldenFile], KvmHost));

    [Fact]
    public void Render_IsDeterministic() =>
        Assert.Equal(DomainXml.Render(GpuInstance(), KvmHost), DomainXml.Render(GpuInstance(), KvmHost));

    [Fact]
    public void Render_IgnoresPowerState_WhichTheConvergerApplies() =>
        Assert.Equal(DomainXml.Render(Stopped(VpsUid) with { Owner = Vps().Owner, Hostname = "web-1" }, KvmHost), DomainXml.Render(Vps(), KvmHost));

    [Fact]
    public void Render_AcceptsUppercaseGpuAddresses_AndWritesThemLowercase() =>
        Assert.Equal(
            DomainXml.Render(GpuInstance(), KvmHost),
            DomainXml.Render(GpuInstance() with { GpuPciAddresses = ["0000:41:00.0", "0000:C1:00.0"] }, KvmHost));

    [Fact]
    public void GoldenFileDiff_ShowsOnlyChangedLines_WithTheirNumbers() =>
        Assert.Equal("-   2: b\n+   2: B\n+   4: d\n", GoldenFile.Diff("a\nb\nc", "a\nB\nc\nd"));

    [Fact]
    public void Render_NamesDomainAfterUid_AndUsesUidAsUuid()
    {
        var domain = Parse(Vps());

        Assert.Equal("vmc-" + VpsUid, domain.Element("name")?.Value);
        Assert.Equal(VpsUid, domain.Element("uuid")?.Value);
        Assert.Equal("acme/web-1", domain.Element("title")?.Value);
    }

    [Fact]
    public void Render_WritesOwnerMetadata_InVmcloudNamespace()
    {
        var owner = Parse(Vps()).Element("metadata")?.Element(XName.Get("owner", AgentProtocol.MetadataNamespace));

        Assert.NotNull(owner);
        Assert.Equal(
            [("uid", VpsUid), ("kind", "VirtualServer"), ("namespace", "acme"), ("name", "web-1"), ("generation", "3")],
            owner.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => (a.Name.LocalName, a.Value)));
    }

    [Fact]
    public void Render_PassesGpusThrough_AsHostdev()
    {
        var hostdevs = Parse(GpuInstance()).Element("devices")!.Elements("hostdev").ToList();

        Assert.All(hostdevs, h => Assert.Equal(("subsystem", "pci", "yes"), ((string?)h.Attribute("mode"), (string?)h.Attribute("type"), (string?)h.Attribute("managed"))));
        Assert.Equal(
            [("0x0000", "0x41", "0x00", "0x0"), ("0x0000", "0xc1", "0x00", "0x0")],
            hostdevs.Select(h => h.Element("source")!.Element("address")!).Select(a =>
                ((string?)a.Attribute("domain"), (string?)a.Attribute("bus"), (string?)a.Attribute("slot"), (string?)a.Attribute("function"))));
    }

    [Fact]
    public void Render_AttachesRootThenVolumesInOrder_AsVirtioDisks()
    {
        var disks = Parse(WithVolumes()).Element("devices")!.Elements("disk").Where(d => (string?)d.Attribute("device") == "disk");

        Assert.Equal(
            [
                ($"/var/lib/vmcloud/pool/vmc-{StorageUid}-root", "vda", "virtio"),
                ($"/var/lib/vmcloud/pool/vmc-vol-{VolumeA}", "vdb", "virtio"),
                ($"/var/lib/vmcloud/pool/vmc-vol-{VolumeB}", "vdc", "virtio"),
            ],
            disks.Select(d => ((string?)d.Element("source")!.Attribute("file"), (string?)d.Element("target")!.Attribute("dev"), (string?)d.Element("target")!.Attribute("bus"))));
    }

    [Fact]
    public void Render_AttachesSeed_AsReadOnlyCdrom()
    {
        var cdrom = Assert.Single(Parse(Vps()).Element("devices")!.Elements("disk"), d => (string?)d.Attribute("device") == "cdrom");

        Assert.Equal($"/var/lib/vmcloud/seeds/vmc-{VpsUid}-cidata.iso", (string?)cdrom.Element("source")?.Attribute("file"));
        Assert.NotNull(cdrom.Element("readonly"));
    }

    [Fact]
    public void Render_GivesNicAStableMac_FromTheUid()
    {
        var nic = Parse(Vps()).Element("devices")!.Element("interface")!;
        var mac = (string?)nic.Element("mac")?.Attribute("address");

        Assert.Matches("^52:54:00(:[0-9a-f]{2}){3}$", mac);
        Assert.Equal(mac, DomainXml.MacAddress(VpsUid));
        Assert.NotEqual(mac, DomainXml.MacAddress(GpuUid));
        Assert.Equal("default", (string?)nic.Element("source")?.Attribute("network"));
        Assert.Equal("virtio", (string?)nic.Element("model")?.Attribute("type"));
    }

    [Fact]
    public void Render_UsesHostDomainTypeAndDiskFormat()
    {
        var domain = XElement.Parse(DomainXml.Render(Vps(), KvmHost with { DomainType = "test", DiskFormat = "raw" }));

        Assert.Equal("test", (string?)domain.Attribute("type"));
        Assert.Equal("raw", (string?)domain.Element("devices")!.Element("disk")!.Element("driver")!.Attribute("type"));
    }

    [Theory]
    [InlineData(0, "vda")]
    [InlineData(2, "vdc")]
    [InlineData(25, "vdz")]
    [InlineData(26, "vdaa")]
    [InlineData(27, "vdab")]
    public void DiskTarget_CountsLikeLinux(int index, string target) => Assert.Equal(target, DomainXml.DiskTarget(index));

    [Fact]
    public void Render_RefusesMalformedGpuAddress()
    {
        var server = GpuInstance() with { GpuPciAddresses = ["41:00.0"] };

        var error = Assert.Throws<ArgumentException>(() => DomainXml.Render(server, KvmHost));
        Assert.Contains("\"41:00.0\" is not a PCI address like 0000:41:00.0", error.Message);
    }

    [Fact]
    public void Render_RefusesUidThatIsNotAUuid()
    {
        var error = Assert.Throws<ArgumentException>(() => DomainXml.Render(Vps(uid: "web-1"), KvmHost));
        Assert.Contains("\"web-1\" is not a lowercase UUID", error.Message);
    }

    private static XElement Parse(DesiredServer server) => XElement.Parse(DomainXml.Render(server, KvmHost));
}
