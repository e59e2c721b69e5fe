using VmCloud.Agent.Convergence;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Convergence;

public sealed class ConvergerTests
{
    public sealed record Case(string Name, DesiredDocument Desired, NodeObservation Observed, string[] Actions, string[]? Errors = null, ShutdownGrace? Grace = null)
    {
        public override string ToString() => Name;
    }

    private static readonly DesiredServer Web = Server("web");
    private static readonly DesiredServer WebStopped = Server("web", power: PowerState.Stopped);
    private static readonly DesiredServer WebWithData = Server("web", volumes: ["data"]);
    private static readonly DesiredServer Gpu = Server("gpu", vcpus: 8, gpus: ["0000:41:00.0", "0000:61:00.0"], kind: "GpuInstance");

    public static TheoryData<Case> Cases() =>
    [
        new("nothing desired, nothing there", Doc(), Observed(), []),
        new("new running server: root disk, define, start", Doc([Web]), Observed(),
            ["create vmc-web-root 20", "define web", "start web"]),
        new("new stopped server: defined, not started", Doc([WebStopped]), Observed(),
            ["create vmc-web-root 20", "define web"]),
        new("new server with a volume: the volume first", Doc([WebWithData], [Volume("data", 50)]), Observed(),
            ["create vmc-vol-data 50", "create vmc-web-root 20", "define web", "start web"]),
        new("adopted as it is: nothing to do", Doc([Web]), Observed([DomainOf(Web)], [RootOf("web")]), []),
        new("stopped out of band while Running is wanted: started", Doc([Web]), Observed([DomainOf(Web, running: false)], [RootOf("web")]),
            ["start web"]),
        new("running while Stopped is wanted: ACPI shutdown first", Doc([WebStopped]), Observed([DomainOf(WebStopped)], [RootOf("web")]),
            ["shutdown web"]),
        new("shutdown under way within the grace period: wait", Doc([WebStopped]), Observed([DomainOf(WebStopped)], [RootOf("web")]),
            [], Grace: Pending("web", TimeSpan.FromSeconds(30))),
        new("still running after the grace period: destroyed", Doc([WebStopped]), Observed([DomainOf(WebStopped)], [RootOf("web")]),
            ["destroy web"], Grace: Pending("web", TimeSpan.FromSeconds(60))),
        new("stopped as wanted: nothing", Doc([WebStopped]), Observed([DomainOf(WebStopped, running: false)], [RootOf("web")]), []),
        new("vCPUs changed on a running domain: destroy, redefine, start", Doc([Web]), Observed([DomainOf(Web with { Vcpus = 1 })], [RootOf("web")]),
            ["destroy web", "redefine web", "start web"]),
        new("memory changed on a stopped domain that should run: redefine, start", Doc([Web]),
            Observed([DomainOf(Web with { MemoryMiB = 1024 }, running: false)], [RootOf("web")]), ["redefine web", "start web"]),
        new("new generation of a stopped server: redefined only", Doc([WebStopped with { Owner = WebStopped.Owner with { Generation = 2 } }]),
            Observed([DomainOf(WebStopped, running: false)], [RootOf("web")]), ["redefine web"]),
        new("a volume attached: created, then the domain redefined", Doc([WebWithData], [Volume("data")]), Observed([DomainOf(Web)], [RootOf("web")]),
            ["create vmc-vol-data 10", "destroy web", "redefine web", "start web"]),
        new("GPUs differ: redefined", Doc([Gpu]), Observed([DomainOf(Gpu with { GpuPciAddresses = ["0000:41:00.0"] })], [RootOf("gpu")]),
            ["destroy gpu", "redefine gpu", "start gpu"]),
        new("same GPUs in another order and case: no drift", Doc([Gpu]),
            Observed([DomainOf(Gpu with { GpuPciAddresses = ["0000:61:00.0", "0000:41:00.0".ToUpperInvariant()] })], [RootOf("gpu")]), []),
        new("root disk smaller than the plan: grown", Doc([Web]), Observed([DomainOf(Web)], [RootOf("web", 10)]), ["grow vmc-web-root 20"]),
        new("root disk larger than the plan: never shrunk, an error", Doc([Web]), Observed([DomainOf(Web)], [RootOf("web", 40)]), [], ["web"]),
        new("volume smaller: grown", Doc([WebWithData], [Volume("data", 30)]), Observed([DomainOf(WebWithData)], [RootOf("web"), VolumeOf("data", 10)]),
            ["grow vmc-vol-data 30"]),
        new("volume larger: never shrunk, an error on the volume", Doc([WebWithData], [Volume("data", 5)]),
            Observed([DomainOf(WebWithData)], [RootOf("web"), VolumeOf("data", 10)]), [], ["data"]),
        new("root disk deleted out of band: created again, domain kept", Doc([Web]), Observed([DomainOf(Web)]), ["create vmc-web-root 20"]),
        new("orphan not in remove: only reported", Doc(), Observed([DomainOf(Server("old"))], [RootOf("old")]), []),
        new("orphan in remove: destroyed, undefined, then its disk deleted", Doc(remove: ["old"]), Observed([DomainOf(Server("old"))], [RootOf("old")]),
            ["destroy old", "undefine old", "delete vmc-old-root"]),
        new("stopped orphan in remove: undefined without destroy", Doc(remove: ["old"]), Observed([DomainOf(Server("old"), running: false)], [RootOf("old")]),
            ["undefine old", "delete vmc-old-root"]),
        new("volume in remove: deleted", Doc(remove: ["logs"]), Observed([], [VolumeOf("logs")]), ["delete vmc-vol-logs"]),
        new("volume in remove still attached to a server that lists it: kept, an error", Doc([Server("web", volumes: ["logs"])], remove: ["logs"]),
            Observed([DomainOf(Server("web", volumes: ["logs"]))], [RootOf("web"), VolumeOf("logs")]), [], ["web", "logs"]),
        new("volume detached then removed: domain redefined without it first", Doc([Web], remove: ["logs"]),
            Observed([DomainOf(Server("web", volumes: ["logs"]))], [RootOf("web"), VolumeOf("logs")]),
            ["destroy web", "redefine web", "start web", "delete vmc-vol-logs"]),
        new("foreign domain: never touched, even when its UUID is in remove", Doc(remove: ["ghost"]), Observed([Foreign("legacy", Uid("ghost"))]), []),
        new("foreign domain holding a desired uid: an error, nothing defined", Doc([Web]), Observed([Foreign("legacy", Uid("web"))]), [], ["web"]),
        new("desired and in remove at once: kept", Doc([Web], remove: ["web"]), Observed([DomainOf(Web)], [RootOf("web")]), []),
        new("attached volume missing from the document: an error, the domain's power still converged", Doc([WebWithData]),
            Observed([DomainOf(WebWithData, running: false)], [RootOf("web")]), ["start web"], ["web"]),
        new("uid that is not a lowercase UUID: refused", Doc([Web with { Owner = Web.Owner with { Uid = "WEB" } }]), Observed(), [], ["WEB"]),
        new("volume of size 0: refused, never a delete", Doc(volumes: [Volume("data", 0)]), Observed([], [VolumeOf("data")]), [], ["data"]),
        new("volumes vmcloud did not name: ignored", Doc(), Observed([], [Pool("debian-12.qcow2", 2), Pool("vmc-notauid-root", 5)]), []),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_GivesTheActionsInOrder(Case c)
    {
        var plan = Converger.Plan(c.Desired, c.Observed, c.Grace ?? NoShutdowns());

        Assert.Equal(c.Actions, plan.Actions.Select(Brief));
        Assert.Equal((c.Errors ?? []).Select(a => a == "WEB" ? a : Uid(a)).Order(), plan.Errors.Keys.Order());
    }

    [Fact]
    public void Plan_RecordsWhenAShutdownWasAsked_AndKeepsItWhileWaiting()
    {
        var first = Converger.Plan(Doc([WebStopped]), Observed([DomainOf(WebStopped)], [RootOf("web")]), NoShutdowns());
        Assert.Equal(Now, first.ShutdownsSince[Uid("web")]);

        var later = new ShutdownGrace(TimeSpan.FromSeconds(60), Now.AddSeconds(20), first.ShutdownsSince);
        var second = Converger.Plan(Doc([WebStopped]), Observed([DomainOf(WebStopped)], [RootOf("web")]), later);
        Assert.Empty(second.Actions);
        Assert.Equal(Now, second.ShutdownsSince[Uid("web")]);

        var off = Converger.Plan(Doc([WebStopped]), Observed([DomainOf(WebStopped, running: false)], [RootOf("web")]), later);
        Assert.Empty(off.ShutdownsSince);
    }

    [Fact]
    public void Plan_MakesAVolumeDeleteDependOnTheRedefineThatDetachesIt()
    {
        var plan = Converger.Plan(Doc([Web], remove: ["logs"]),
            Observed([DomainOf(Server("web", volumes: ["logs"]))], [RootOf("web"), VolumeOf("logs")]), NoShutdowns());

        var delete = Assert.Single(plan.Actions.OfType<DeleteVolume>());
        Assert.Equal([Uid("web")], delete.DependsOn);
    }

    [Fact]
    public void Plan_ExplainsARedefinition()
    {
        var plan = Converger.Plan(Doc([Web]), Observed([DomainOf(Web with { Vcpus = 1, MemoryMiB = 1024 })], [RootOf("web")]), NoShutdowns());

        var define = Assert.Single(plan.Actions.OfType<DefineDomain>());
        Assert.Equal("vCPUs 1 -> 2; memory 1024 MiB -> 2048 MiB", define.Drift);
    }

    [Fact]
    public void Plan_ErrorsSayWhatToDo()
    {
        var plan = Converger.Plan(Doc([Web]), Observed([DomainOf(Web)], [RootOf("web", 40)]), NoShutdowns());

        Assert.Contains("cannot shrink to 20 GiB", plan.Errors[Uid("web")], StringComparison.Ordinal);
        Assert.Contains("ask for at least 40 GiB", plan.Errors[Uid("web")], StringComparison.Ordinal);
    }

    private static ShutdownGrace Pending(string alias, TimeSpan ago) =>
        new(TimeSpan.FromSeconds(60), Now, new Dictionary<string, DateTimeOffset> { [Uid(alias)] = Now - ago });
}
