using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Convergence;

public sealed class ActionExecutorTests : IDisposable
{
    private readonly TempDirectory state = new();
    private readonly FakeHypervisor hypervisor = new();
    private readonly DomainHost host;
    private readonly ActionExecutor executor;

    public ActionExecutorTests()
    {
        host = DomainHost.For(hypervisor.ReadHost(), "default", state.Combine("seeds"));
        executor = new ActionExecutor(hypervisor, host, NullLogger.Instance);
    }

    public static TheoryData<string, DesiredDocument, DesiredDocument> Transitions() => new()
    {
        { "create everything", Doc(), Doc([Server("web", volumes: ["data"]), Server("db", power: PowerState.Stopped)], [Volume("data", 30)]) },
        { "resize, stop and grow", Doc([Server("web"), Server("db")], [Volume("data")]),
            Doc([Server("web", vcpus: 4, generation: 2), Server("db", power: PowerState.Stopped)], [Volume("data", 20)]) },
        { "attach then detach and remove", Doc([Server("web", volumes: ["data"])], [Volume("data")]), Doc([Server("web")], remove: ["data"]) },
        { "delete a server", Doc([Server("web"), Server("old")]), Doc([Server("web")], remove: ["old"]) },
        { "add GPUs", Doc([Server("gpu")]), Doc([Server("gpu", gpus: ["0000:41:00.0"], generation: 2)]) },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Apply_ThenPlanAgain_GivesNoAction(string name, DesiredDocument before, DesiredDocument after)
    {
        Assert.NotEmpty(name);
        ApplyAll(before);
        var result = ApplyAll(after);

        Assert.Empty(result.Errors);
        var again = Converger.Plan(after, NodeObservation.Read(hypervisor), NoShutdowns());
        Assert.Empty(again.Actions.Select(Brief));
        Assert.Empty(again.Errors);
        foreach (var server in after.Servers)
        {
            var domain = hypervisor.Domain(server.Owner.Uid);
            Assert.NotNull(domain);
            Assert.Equal(server.PowerState == PowerState.Running, domain.Running);
            Assert.Equal(server.Vcpus, domain.Vcpus);
            Assert.Equal(server.Owner.Generation, domain.Owner!.Generation);
        }

        Assert.All(after.Remove, uid => Assert.Null(hypervisor.Domain(uid)));
        Assert.DoesNotContain(hypervisor.ListVolumes(), v => after.Remove.Any(uid => v.Name.Contains(uid, StringComparison.Ordinal)));
    }

    [Fact]
    public void Apply_RecordsARefusal_AndGoesOnWithTheOtherOwners()
    {
        hypervisor.Refuse = (act, target) => act == "define" && target == Uid("web") ? "internal error: no more memory" : null;

        var result = ApplyAll(Doc([Server("web"), Server("db")]));

        Assert.Contains("internal error: no more memory", result.Errors[Uid("web")], StringComparison.Ordinal);
        Assert.Contains("define domain for VirtualServer acme/web", result.Errors[Uid("web")], StringComparison.Ordinal);
        Assert.Equal(0, hypervisor.CountCalls($"start {Uid("web")}"));
        Assert.True(hypervisor.Domain(Uid("db"))!.Running);
        Assert.Equal(1, result.Failed);
    }

    [Fact]
    public void Apply_KeepsAVolume_WhenTheRedefineThatDetachesItFails()
    {
        ApplyAll(Doc([Server("web", volumes: ["data"])], [Volume("data")]));
        hypervisor.Refuse = (act, _) => act == "define" ? "operation failed" : null;

        var result = ApplyAll(Doc([Server("web")], remove: ["data"]));

        Assert.True(result.Errors.ContainsKey(Uid("web")));
        Assert.Contains(hypervisor.ListVolumes(), v => v.Name == DomainNames.Volume(Uid("data")));
        Assert.Equal(0, hypervisor.CountCalls("delete-volume"));
    }

    [Fact]
    public void Apply_WritesTheSeedBeforeDefining_AndRewritesItOnlyWhenItChanges()
    {
        var web = Server("web");
        ApplyAll(Doc([web]));
        var seed = host.SeedPath(Uid("web"));
        Assert.Equal(NoCloudSeed.Build(web), File.ReadAllBytes(seed));

        Assert.False(SeedImages.Ensure(web, seed));
        var rekeyed = web with { SshKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOther other@example"] };
        Assert.True(SeedImages.Ensure(rekeyed, seed));
        Assert.Equal(NoCloudSeed.Build(rekeyed), File.ReadAllBytes(seed));
    }

    [Fact]
    public void Apply_DestroysAGuestThatIgnoresShutdown_AfterTheGracePeriod()
    {
        ApplyAll(Doc([Server("web")]));
        hypervisor.GuestsIgnoreShutdown = true;
        var stopped = Doc([Server("web", power: PowerState.Stopped)]);

        var first = Converger.Plan(stopped, NodeObservation.Read(hypervisor), NoShutdowns());
        executor.Apply(first);
        Assert.True(hypervisor.Domain(Uid("web"))!.Running);
        var later = Converger.Plan(stopped, NodeObservation.Read(hypervisor), new ShutdownGrace(TimeSpan.FromSeconds(60), Now.AddSeconds(61), first.ShutdownsSince));
        executor.Apply(later);

        Assert.Equal(["destroy web"], later.Actions.Select(Brief));
        Assert.False(hypervisor.Domain(Uid("web"))!.Running);
    }

    public void Dispose() => state.Dispose();

    private ExecutionResult ApplyAll(DesiredDocument desired) =>
        executor.Apply(Converger.Plan(desired, NodeObservation.Read(hypervisor), NoShutdowns()));
}
