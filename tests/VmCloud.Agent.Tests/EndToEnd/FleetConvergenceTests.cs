using System.Text.Json.Nodes;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using VmCloud.Agent.Tests.Fakes;

namespace VmCloud.Agent.Tests.EndToEnd;

/// <summary>
/// The operator process and the agents together, on the libvirt test driver: what is declared ends up
/// as domains and volumes on the bound nodes, and stays so through stops, deletions, agent restarts,
/// drift and an operator killed again and again.
/// </summary>
public sealed class FleetConvergenceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Apply_RunsEachServer_OnItsNode_WithItsDisksAndGpus_ThenStopAndDelete()
    {
        await using var system = await FleetWithOperator.StartAsync();
        var web = (await system.ReadyAsync("virtualservers", "web-1", phase: "Running"))!;
        var volume = (await system.ReadyAsync("volumes", "web-data"))!;
        var render = (await system.ReadyAsync("gpuinstances", "render", phase: "Running"))!;

        var domain = Assert.Single(system.Domains(Node(web)));
        Assert.Equal((Uid(web), true, "web-1"), (domain.Uuid, domain.Running, domain.Owner!.Name));
        Assert.Contains(domain.DiskSources, source => Path.GetFileName(source) == DomainNames.Volume(Uid(volume)));
        var gpuDomain = Assert.Single(system.Domains(Node(render)));
        Assert.Equal(render["status"]!["gpus"]!.AsArray().Select(g => g!.GetValue<string>()).Order(), gpuDomain.HostdevPciAddresses.Order());

        await system.EditSourceAsync("servers.yaml", text => text.Replace("plan: VPS-STARTER", "plan: VPS-STARTER\n  powerState: Stopped", StringComparison.Ordinal));
        await system.ReadyAsync("virtualservers", "web-1", phase: "Stopped");
        Assert.False(Assert.Single(system.Domains(Node(web))).Running);

        await system.EditSourceAsync("servers.yaml", text => text[text.IndexOf("kind: GpuInstance", StringComparison.Ordinal)..].Insert(0, "apiVersion: vmcloud.io/v1alpha1\n"));
        await system.Operator.WaitForAsync("web-1 and web-data deleted", async () => (await system.GetAsync("virtualservers", "web-1"), await system.GetAsync("volumes", "web-data")),
            gone => gone is (null, null), Deadline);
        Assert.Empty(system.Domains(Node(web)));
        Assert.DoesNotContain(system.Hypervisor(Node(web)).ListVolumes(), v => v.Name.Contains(Uid(web), StringComparison.Ordinal) || v.Name.Contains(Uid(volume), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartedAgents_AdoptTheirDomains_AndRestoreWhatWasStoppedOrUndefinedOutOfBand()
    {
        await using var system = await FleetWithOperator.StartAsync();
        var web = (await system.ReadyAsync("virtualservers", "web-1", phase: "Running"))!;
        var render = (await system.ReadyAsync("gpuinstances", "render", phase: "Running"))!;
        await system.StopAgentsAsync();

        system.Hypervisor(Node(web)).SetPower(Uid(web), PowerAction.Destroy);
        system.Hypervisor(Node(render)).SetPower(Uid(render), PowerAction.Destroy);
        system.Hypervisor(Node(render)).UndefineDomain(Uid(render));
        system.StartNewAgents();

        await Eventually.TrueAsync(() => system.Domains(Node(web)).Any(d => d.Uuid == Uid(web) && d.Running), "web-1 running again", Deadline);
        await Eventually.TrueAsync(() => system.Domains(Node(render)).Any(d => d.Uuid == Uid(render) && d.Running), "render defined and running again", Deadline);
        Assert.Equal([Uid(web)], system.Domains(Node(web)).Select(d => d.Uuid));
        Assert.Equal([Uid(render)], system.Domains(Node(render)).Select(d => d.Uuid));
    }

    [Fact]
    public async Task OperatorKilledAgainAndAgain_WhileServersAreBound_LeavesOneDomainPerServer_AndNoOrphan()
    {
        await using var system = await FleetWithOperator.StartAsync();
        await system.ReadyAsync("virtualservers", "web-1");
        var more = string.Concat(Enumerable.Range(2, 6).Select(i =>
            $"---\napiVersion: vmcloud.io/v1alpha1\nkind: VirtualServer\nmetadata: {{name: web-{i}, namespace: acme}}\nspec: {{plan: VPS-NANO, image: debian-12, datacenter: PAR-1}}\n"));
        await system.EditSourceAsync("servers.yaml", text => text + more);

        // Kills land at different points: before the sync, between a binding and the agent's report, after.
        foreach (var delay in new[] { 0, 150, 400, 700, 1100, 1600 })
        {
            await Task.Delay(delay);
            await system.Operator.KillAndRestartAsync();
        }
        var servers = new List<JsonNode>();
        for (var i = 1; i <= 7; i++) servers.Add((await system.ReadyAsync("virtualservers", $"web-{i}"))!);

        var uids = servers.Select(Uid).ToHashSet();
        var domains = system.Domains("par1-c01");
        Assert.Equal(uids.Order(), domains.Select(d => d.Uuid).Order());
        var node = await system.Operator.GetJsonAsync("/apis/vmcloud.io/v1alpha1/hypervisornodes/par1-c01");
        Assert.Empty(node["status"]?["orphans"]?.AsArray() ?? []);
    }

    private static string Uid(JsonNode resource) => resource["metadata"]!["uid"]!.GetValue<string>();

    private static string Node(JsonNode resource) => resource["status"]!["nodeName"]!.GetValue<string>();
}
