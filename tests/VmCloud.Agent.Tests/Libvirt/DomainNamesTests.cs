using VmCloud.Agent.Libvirt;
using static VmCloud.Agent.Tests.Libvirt.LibvirtSamples;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>The naming rules, and reading pool volume names back for orphan detection.</summary>
public class DomainNamesTests
{
    [Fact]
    public void Names_CarryTheUid()
    {
        Assert.Equal("vmc-" + VpsUid, DomainNames.Domain(VpsUid));
        Assert.Equal($"vmc-{VpsUid}-root", DomainNames.RootVolume(VpsUid));
        Assert.Equal("vmc-vol-" + VolumeA, DomainNames.Volume(VolumeA));
        Assert.Equal($"vmc-{VpsUid}-cidata.iso", DomainNames.SeedFile(VpsUid));
    }

    [Fact]
    public void ParseVolume_ReadsBackRootAndVolumeNames()
    {
        Assert.Equal(new PoolVolumeName(VpsUid, IsRoot: true), DomainNames.ParseVolume(DomainNames.RootVolume(VpsUid)));
        Assert.Equal(new PoolVolumeName(VolumeA, IsRoot: false), DomainNames.ParseVolume(DomainNames.Volume(VolumeA)));
    }

    [Theory]
    [InlineData("ubuntu-24.04.qcow2")]
    [InlineData("vmc-vol-")]
    [InlineData("vmc-vol-not-a-uid")]
    [InlineData("vmc-web-1-root")]
    [InlineData("vmc-3F2A8C1E-5B7D-4E9A-8C21-0D4F6A7B9E10-root")]
    [InlineData("vmc-3f2a8c1e-5b7d-4e9a-8c21-0d4f6a7b9e10")]
    [InlineData("vmc-3f2a8c1e-5b7d-4e9a-8c21-0d4f6a7b9e10-cidata.iso")]
    public void ParseVolume_IgnoresNamesVmcloudDoesNotGive(string name) => Assert.Null(DomainNames.ParseVolume(name));
}
