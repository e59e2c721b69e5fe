using VmCloud.Agent.Convergence;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Convergence;

public sealed class ReportBuilderTests
{
    private static readonly ReportHeader Header = new("0.1.0", "session-1", 3, 7, new NodeInventory(64, 262144, 1280, [], "none", "no GPUs"), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Build_ListsEveryDesiredOwner_WhetherItExistsOrNot()
    {
        var web = Server("web");
        var db = Server("db", power: PowerState.Stopped);
        var desired = Doc([web, db], [Volume("data", 30), Volume("logs")]);
        var observed = Observed([DomainOf(web)], [RootOf("web"), VolumeOf("data", 30)]);

        var report = ReportBuilder.Build(Header, desired, observed, new Dictionary<string, string> { [Uid("db")] = "define refused" });

        Assert.Equal((Uid("web"), 1L, true, true, "192.0.2.10", (string?)null), Flat(report.Servers[0]));
        Assert.Equal((Uid("db"), 0L, false, false, "", (string?)"define refused"), Flat(report.Servers[1]));
        Assert.Equal(new VolumeState(Uid("data"), true, 30, null), report.Volumes[0]);
        Assert.Equal(new VolumeState(Uid("logs"), false, 0, null), report.Volumes[1]);
        Assert.Equal((AgentProtocol.Version, "session-1", 3L, 7L), (report.ProtocolVersion, report.Session, report.Sequence, report.AppliedRevision));
    }

    [Fact]
    public void Build_ReportsOrphansWithTheirKind_AndForeignDomainsByName()
    {
        var old = Server("old", kind: "GpuInstance");
        var observed = Observed([DomainOf(old), Foreign("legacy-mail", Uid("ghost"))], [RootOf("old"), VolumeOf("logs"), RootOf("db"), Pool("iso-cache", 3)]);

        var report = ReportBuilder.Build(Header, Doc(), observed, new Dictionary<string, string>());

        Assert.Equal(
            [new Orphan(Uid("old"), "GpuInstance", "vmc-" + Uid("old")), new Orphan(Uid("old"), "GpuInstance", $"vmc-{Uid("old")}-root"),
             new Orphan(Uid("logs"), "Volume", "vmc-vol-" + Uid("logs")), new Orphan(Uid("db"), "Volume", $"vmc-{Uid("db")}-root")],
            report.Orphans);
        Assert.Equal(["legacy-mail"], report.Foreign);
        Assert.Empty(report.Servers);
    }

    private static (string, long, bool, bool, string, string?) Flat(ServerState s) =>
        (s.Uid, s.Generation, s.Exists, s.Running, string.Join(",", s.Addresses), s.Error);

    [Fact]
    public void Build_ReportsTheGenerationTheDomainRealises()
    {
        var desired = Doc([Server("web", generation: 3)]);
        var report = ReportBuilder.Build(Header, desired, Observed([DomainOf(Server("web", generation: 2))]), new Dictionary<string, string>());

        Assert.Equal(2, report.Servers[0].Generation);
    }
}
