using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.V1Alpha1;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Node;

/// <summary>One node session against the fake operator and a real libvirt: the test driver over its own node file.</summary>
public sealed class NodeAgentLibvirtTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly LibvirtHypervisor hypervisor;

    public NodeAgentLibvirtTests()
    {
        var spec = new TestNodeSpec(AgentHarness.NodeName, 1, 32, 2, 256 * 1024, 1280, "/var/lib/libvirt/images");
        hypervisor = LibvirtHypervisor.Open(TestDriverNode.Write(spec, directory.Path), "default");
    }

    [Fact]
    public async Task Agent_DefinesStartsStopsAndRemoves_OnLibvirt()
    {
        await using var harness = await AgentHarness.StartAsync(hypervisor);
        var running = harness.Publish([Server("web", volumes: ["data"])], [Volume("data", 30)]);
        await harness.ReportedAsync(running, r => r.Servers is [{ Exists: true, Running: true }], "web running");
        var domain = Find(Uid("web"))!;
        Assert.Equal((DomainNames.Domain(Uid("web")), 2, 2048L), (domain.Name, domain.Vcpus, domain.MemoryMiB));
        Assert.Equal(Uid("web"), domain.Owner!.Uid);
        Assert.Contains(hypervisor.ListVolumes(), v => v.Name == DomainNames.Volume(Uid("data")) && v.CapacityGiB == 30);

        var stopped = harness.Publish([Server("web", power: PowerState.Stopped, volumes: ["data"])], [Volume("data", 30)]);
        await harness.ReportedAsync(stopped, r => r.Servers is [{ Exists: true, Running: false }], "web shut off");
        Assert.False(Find(Uid("web"))!.Running);

        var removed = harness.Publish(remove: [Uid("web"), Uid("data")]);
        await harness.ReportedAsync(removed, r => r.Orphans.Count == 0, "web and data gone");
        Assert.Null(Find(Uid("web")));
        Assert.DoesNotContain(hypervisor.ListVolumes(), v => DomainNames.ParseVolume(v.Name) is not null);
    }

    [Fact]
    public async Task Agent_RestoresOutOfBandChanges_OnLibvirt()
    {
        await using var harness = await AgentHarness.StartAsync(hypervisor);
        var web = Server("web", vcpus: 2);
        var revision = harness.Publish([web]);
        await harness.ReportedAsync(revision, r => r.Servers is [{ Running: true }], "web running");
        var host = DomainHost.For(hypervisor.ReadHost(), "default", directory.Combine("seeds"), hypervisor.VolumeFormat);

        hypervisor.SetPower(Uid("web"), PowerAction.Destroy);
        await Eventually.TrueAsync(() => Find(Uid("web"))?.Running == true, "started again after a stop");

        hypervisor.SetPower(Uid("web"), PowerAction.Destroy);
        hypervisor.DefineDomain(DomainXml.Render(web with { Vcpus = 6 }, host));
        await Eventually.TrueAsync(() => Find(Uid("web")) is { Vcpus: 2, Running: true }, "vCPUs restored");

        hypervisor.SetPower(Uid("web"), PowerAction.Destroy);
        hypervisor.UndefineDomain(Uid("web"));
        await Eventually.TrueAsync(() => Find(Uid("web")) is { Running: true }, "defined again after an undefine");
        Assert.Single(hypervisor.ListDomains(), d => d.Owner is not null);
    }

    [Fact]
    public async Task RestartedAgent_AdoptsItsDomains_OnLibvirt()
    {
        await using var harness = await AgentHarness.StartAsync(hypervisor);
        var revision = harness.Publish([Server("web"), Server("db")]);
        await harness.ReportedAsync(revision, r => r.Servers.All(s => s.Running), "both running");
        var session = harness.LastReport!.Session;

        await harness.StopAgentsAsync();
        harness.StartAgent();
        await Eventually.TrueAsync(() => harness.LastReport is { } r && r.Session != session && r.Servers.Count == 2 && r.Servers.All(s => s.Running), "adopted");

        Assert.Equal(2, hypervisor.ListDomains().Count);
        Assert.Equal(new[] { Uid("web"), Uid("db") }.Order(), hypervisor.ListDomains().Select(d => d.Uuid).Order());
    }

    [Fact]
    public async Task Agent_LeavesForeignDomains_AndOrphansUnlessRemoved_OnLibvirt()
    {
        var host = DomainHost.For(hypervisor.ReadHost(), "default", directory.Combine("seeds"), hypervisor.VolumeFormat);
        hypervisor.DefineDomain($"<domain type='test'><name>legacy-mail</name><uuid>{Uid("ghost")}</uuid><memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
        hypervisor.SetPower(Uid("ghost"), PowerAction.Start);
        hypervisor.DefineDomain(DomainXml.Render(Server("old"), host));
        await using var harness = await AgentHarness.StartAsync(hypervisor);

        var first = harness.Publish(remove: [Uid("ghost")]);
        await harness.ReportedAsync(first, r => r.Foreign is ["legacy-mail"] && r.Orphans.Any(o => o.Uid == Uid("old")), "foreign and orphan reported");
        Assert.NotNull(Find(Uid("old")));

        var second = harness.Publish(remove: [Uid("ghost"), Uid("old")]);
        await harness.ReportedAsync(second, r => r.Orphans.Count == 0, "the orphan removed");
        Assert.Null(Find(Uid("old")));
        Assert.True(Find(Uid("ghost"))!.Running);
    }

    public void Dispose()
    {
        hypervisor.Dispose();
        directory.Dispose();
    }

    private DomainObservation? Find(string uuid) => hypervisor.ListDomains().SingleOrDefault(d => d.Uuid == uuid);
}
