using VmCloud.Agent.Node;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Node;

/// <summary>One node session against the fake operator and the in-memory hypervisor.</summary>
public sealed class NodeAgentTests
{
    [Fact]
    public async Task Agent_RegistersItsInventory_ThenConvergesAndReports()
    {
        var gpus = DeclaredGpuInventory.Of([new GpuDevice { Model = "T4", PciAddress = "0000:41:00.0" }]);
        var hypervisor = new FakeHypervisor();
        await using var harness = await AgentHarness.StartAsync(hypervisor);
        await harness.StopAgentsAsync();
        harness.StartAgent(gpus: gpus);

        var revision = harness.Publish([Server("web")], [Volume("data", 30)]);
        await harness.ReportedAsync(revision, r => r.Servers is [{ Exists: true, Running: true }] && r.Volumes is [{ Exists: true }], "web running, data created");

        var registration = harness.Operator.RegistrationsOf(AgentHarness.NodeName)[^1];
        Assert.Equal((16, 65536L, 1000L, "PAR-1", NodeRole.Compute), (registration.Inventory.Vcpus, registration.Inventory.MemoryMiB, registration.Inventory.StorageGiB, registration.Datacenter, registration.Role));
        Assert.Equal("0000:41:00.0", Assert.Single(registration.Inventory.Gpus).PciAddress);
        Assert.Equal(1, hypervisor.Domain(Uid("web"))!.Owner!.Generation);
        Assert.Equal(30, hypervisor.ListVolumes().Single(v => v.Name.EndsWith(Uid("data"), StringComparison.Ordinal)).CapacityGiB);
    }

    [Fact]
    public async Task Agent_FollowsPowerStateAndRemoval()
    {
        var hypervisor = new FakeHypervisor();
        await using var harness = await AgentHarness.StartAsync(hypervisor);
        var first = harness.Publish([Server("web")]);
        await harness.ReportedAsync(first, r => r.Servers is [{ Running: true }], "web running");

        var stopped = harness.Publish([Server("web", power: PowerState.Stopped)]);
        await harness.ReportedAsync(stopped, r => r.Servers is [{ Exists: true, Running: false }], "web shut off");

        var removed = harness.Publish(remove: [Uid("web")]);
        await harness.ReportedAsync(removed, r => r.Servers.Count == 0 && r.Orphans.Count == 0, "web and its disk gone");
        Assert.Null(hypervisor.Domain(Uid("web")));
        Assert.Empty(hypervisor.ListVolumes());
    }

    [Fact]
    public async Task Agent_RestoresDriftAtTheNextHeartbeat_WithoutANewDocument()
    {
        var hypervisor = new FakeHypervisor();
        await using var harness = await AgentHarness.StartAsync(hypervisor);
        var revision = harness.Publish([Server("web", vcpus: 2)]);
        await harness.ReportedAsync(revision, r => r.Servers is [{ Running: true }], "web running");

        hypervisor.StopOutOfBand(Uid("web"));
        await Eventually.TrueAsync(() => hypervisor.Domain(Uid("web"))?.Running == true, "web started again");
        hypervisor.SetVcpusOutOfBand(Uid("web"), 7);
        await Eventually.TrueAsync(() => hypervisor.Domain(Uid("web")) is { Vcpus: 2, Running: true }, "web back to 2 vCPUs and running");
        hypervisor.UndefineOutOfBand(Uid("web"));
        await Eventually.TrueAsync(() => hypervisor.Domain(Uid("web")) is { Running: true }, "web defined again");
        Assert.Equal(revision, harness.LastReport!.AppliedRevision);
    }

    [Fact]
    public async Task Agent_Heartbeats_WhileTheDocumentStaysTheSame_WithLongPollsNotPolls()
    {
        await using var harness = await AgentHarness.StartAsync(new FakeHypervisor());
        var revision = harness.Publish([Server("web")]);
        await harness.ReportedAsync(revision, _ => true, "a first report");
        var reports = harness.Operator.ReportsOf(AgentHarness.NodeName).Count;
        var polls = harness.Operator.DesiredRequests;

        await Eventually.TrueAsync(() => harness.Operator.ReportsOf(AgentHarness.NodeName).Count >= reports + 4, "four more heartbeats");

        // Four heartbeats of 300 ms fit in one 2 s long-poll: at most a couple of requests, not one per heartbeat.
        Assert.InRange(harness.Operator.DesiredRequests - polls, 0, 2);
        var sequences = harness.Operator.ReportsOf(AgentHarness.NodeName).Select(r => r.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
    }

    [Fact]
    public async Task RestartedAgent_AdoptsWhatItFinds_AndDefinesNoSecondDomain()
    {
        var hypervisor = new FakeHypervisor();
        await using var harness = await AgentHarness.StartAsync(hypervisor);
        var revision = harness.Publish([Server("web")]);
        await harness.ReportedAsync(revision, r => r.Servers is [{ Running: true }], "web running");
        var firstSession = harness.LastReport!.Session;

        await harness.StopAgentsAsync();
        harness.StartAgent();
        await Eventually.TrueAsync(() => harness.LastReport is { } r && r.Session != firstSession && r.Servers is [{ Exists: true, Running: true }], "the new session reports web");

        Assert.Equal(1, hypervisor.CountCalls("define"));
        Assert.Single(hypervisor.ListDomains());
        Assert.Equal(2, harness.Operator.RegistrationsOf(AgentHarness.NodeName).Count);
    }

    [Fact]
    public async Task Agent_ReportsOrphansAndForeign_AndRemovesOnlyOrphansListedInRemove()
    {
        var hypervisor = new FakeHypervisor();
        hypervisor.AddForeign("legacy-mail", Uid("ghost"));
        hypervisor.AddVolume($"vmc-vol-{Uid("logs")}", 5);
        await using var harness = await AgentHarness.StartAsync(hypervisor);

        var revision = harness.Publish(remove: [Uid("ghost")]);
        await harness.ReportedAsync(revision, r => r.Foreign is ["legacy-mail"] && r.Orphans is [{ Kind: "Volume" }], "foreign and orphan reported");
        Assert.True(hypervisor.Domain(Uid("ghost"))!.Running);
        Assert.Single(hypervisor.ListVolumes());

        var remove = harness.Publish(remove: [Uid("ghost"), Uid("logs")]);
        await harness.ReportedAsync(remove, r => r.Orphans.Count == 0, "the orphan volume removed");
        Assert.Empty(hypervisor.ListVolumes());
        Assert.True(hypervisor.Domain(Uid("ghost"))!.Running);
        Assert.DoesNotContain(hypervisor.Calls, c => c.Contains(Uid("ghost"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agent_ReportsAnActionsError_OnItsUid()
    {
        var hypervisor = new FakeHypervisor { Refuse = (act, _) => act == "start" ? "unsupported configuration: no KVM" : null };
        await using var harness = await AgentHarness.StartAsync(hypervisor);

        var revision = harness.Publish([Server("web")]);

        await harness.ReportedAsync(revision, r => r.Servers is [{ Exists: true, Running: false, Error: { } e }] && e.Contains("no KVM", StringComparison.Ordinal), "the start error reported");
    }
}
