using VmCloud.Agent.Convergence;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Convergence;

public sealed class NodeClassificationTests
{
    [Fact]
    public void Of_AdoptsByUid_TheDomainWhoseUuidIsTheUid()
    {
        var web = Server("web");
        var stray = DomainOf(web) with { Uuid = Uid("ghost"), Name = "copy-of-web" };

        var classification = NodeClassification.Of(Doc([web]), Observed([stray, DomainOf(web)]));

        Assert.Equal(Uid("web"), classification.ServerDomains[Uid("web")].Uuid);
        Assert.Equal(["copy-of-web"], classification.OrphanDomains.Select(d => d.Name));
    }

    [Fact]
    public void Of_SortsVolumesByTheirNames()
    {
        var classification = NodeClassification.Of(Doc([Server("web")], [Volume("data")]),
            Observed([], [RootOf("web"), VolumeOf("data"), VolumeOf("logs"), Pool("debian-12.qcow2", 2)]));

        Assert.Equal([$"vmc-{Uid("web")}-root", $"vmc-vol-{Uid("data")}"], classification.OwnedVolumes.Keys.Order());
        Assert.Equal([Uid("logs")], classification.OrphanVolumes.Select(v => v.Uid));
    }

    [Fact]
    public void Of_CountsDomainsWithoutMetadataAsForeign()
    {
        var classification = NodeClassification.Of(Doc(), Observed([Foreign("legacy", Uid("ghost"))]));

        Assert.Single(classification.Foreign);
        Assert.Empty(classification.Orphans);
    }
}
