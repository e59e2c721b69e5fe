using System.Text.Json.Nodes;
using VmCloud.Agent.Fleet;
using VmCloud.Tests;

namespace VmCloud.Operator.Tests.Metrics;

/// <summary>
/// The real operator over examples/gitops with the 88 nodes of examples/fleet as a hollow fleet:
/// real agent sessions in this process, each on its own libvirt test-driver hypervisor. Ready once
/// every server, GPU instance and load balancer of the examples is bound to a node. One node
/// carries a domain vmcloud did not create, so the foreign-domain gauge has something to count.
/// </summary>
public sealed class FleetOperator : IAsyncLifetime
{
    /// <summary>The node with a foreign domain.</summary>
    public const string ForeignNode = "par1-c01";

    private static readonly string[] PlacedKinds = ["virtualservers", "gpuinstances", "loadbalancers"];

    private readonly string work = Directory.CreateTempSubdirectory("vmcloud-metrics-").FullName;
    private ExampleFleet? fleet;
    private OperatorProcess? running;

    /// <summary>The nodes of examples/fleet, as their agents report them.</summary>
    public IReadOnlyList<FleetNode> Nodes => fleet?.Nodes ?? [];

    /// <summary>The operator process.</summary>
    internal OperatorProcess Process => running ?? throw new InvalidOperationException("the operator has not started");

    public async Task InitializeAsync()
    {
        fleet = await ExampleFleet.PrepareAsync(work);
        running = await OperatorProcess.StartAsync(RepoPaths.Combine("examples", "gitops"), RepoPaths.Combine("policies"),
            TimeSpan.FromSeconds(1), ["--agent-tokens", fleet.TokenFile]);
        fleet.Start(running.Address, hollow => hollow.HypervisorOf(ForeignNode).DefineDomain(
            "<domain type='test'><name>legacy-mail</name><memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"));
        await running.WaitForAsync("every server, GPU instance and load balancer bound to a node", UnboundAsync, unbound => unbound.Length == 0,
            TimeSpan.FromSeconds(120));
    }

    /// <summary>GETs /metrics.</summary>
    internal async Task<string> ScrapeAsync()
    {
        var (status, _, text) = await Process.GetAsync("/metrics");
        Assert.True(status == System.Net.HttpStatusCode.OK, $"/metrics answered {(int)status}: {text}");
        return text;
    }

    public async Task DisposeAsync()
    {
        if (fleet is not null) await fleet.DisposeAsync();
        if (running is not null) await running.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    // kind/namespace/name of every placed object without a node yet, comma-separated.
    private async Task<string> UnboundAsync()
    {
        var unbound = new List<string>();
        foreach (var plural in PlacedKinds)
        {
            var list = await Process.GetJsonAsync($"{ExampleOperator.ApiRoot}/{plural}");
            unbound.AddRange(ExampleOperator.Items(list)
                .Where(o => o["status"]?["nodeName"] is not JsonValue)
                .Select(o => $"{plural}/{o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}"));
        }
        return string.Join(", ", unbound);
    }
}
