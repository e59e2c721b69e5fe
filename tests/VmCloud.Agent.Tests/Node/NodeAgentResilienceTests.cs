using VmCloud.Agent.Metrics;
using VmCloud.Agent.Node;
using VmCloud.Agent.Protocol;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using Microsoft.Extensions.Logging.Abstractions;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Node;

/// <summary>A session never dies of the operator: outages, lost registrations, wrong tokens, nobody listening.</summary>
public sealed class NodeAgentResilienceTests
{
    [Fact]
    public async Task Agent_KeepsConvergingTheLastDocument_DuringAnOutage_AndReportsAfter()
    {
        var hypervisor = new FakeHypervisor();
        await using var harness = await AgentHarness.StartAsync(hypervisor);
        var revision = harness.Publish([Server("web")]);
        await harness.ReportedAsync(revision, r => r.Servers is [{ Running: true }], "web running");

        harness.Operator.Outage = 503;
        await Eventually.TrueAsync(() => !harness.Agent!.State.OperatorReachable, "the agent notices the outage");
        hypervisor.StopOutOfBand(Uid("web"));
        await Eventually.TrueAsync(() => hypervisor.Domain(Uid("web"))!.Running, "drift restored without the operator");

        var before = harness.Agent!.State.ReportsAccepted;
        harness.Operator.Outage = null;
        await Eventually.TrueAsync(() => harness.Agent.State.ReportsAccepted > before && harness.Agent.State.OperatorReachable, "reports resume");
    }

    [Fact]
    public async Task Agent_RegistersAgain_WhenTheOperatorForgotIt()
    {
        await using var harness = await AgentHarness.StartAsync(new FakeHypervisor());
        var revision = harness.Publish();
        await harness.ReportedAsync(revision, _ => true, "a first report");

        harness.Operator.ForgetRegistrations();

        await Eventually.TrueAsync(() => harness.Operator.RegistrationsOf(AgentHarness.NodeName).Count == 2, "a second registration");
        var count = harness.Operator.ReportsOf(AgentHarness.NodeName).Count;
        await Eventually.TrueAsync(() => harness.Operator.ReportsOf(AgentHarness.NodeName).Count > count, "reports accepted again");
    }

    [Fact]
    public async Task Agent_WithAWrongToken_KeepsTrying_AndNeverRegisters()
    {
        await using var harness = await AgentHarness.StartAsync(new FakeHypervisor(), token: "stolen");

        await Eventually.TrueAsync(() => harness.Agent!.State is { Registered: false, OperatorReachable: false }, "the agent is refused");
        Assert.Empty(harness.Operator.RegistrationsOf(AgentHarness.NodeName));
    }

    [Fact]
    public async Task Agent_WithNobodyListening_RunsUntilCancelled()
    {
        using var http = OperatorHttp.CreateClient();
        var metrics = new AgentMetrics();
        var client = new OperatorClient(http, new Uri($"http://127.0.0.1:{FreePort()}"), "par1-c01", "t", TimeProvider.System, metrics);
        using var state = new TempDirectory();
        var options = new NodeAgentOptions
        {
            Node = "par1-c01", Datacenter = "PAR-1", Role = NodeRole.Compute, StateDirectory = state.Path,
            RetryBase = TimeSpan.FromMilliseconds(20), RetryMax = TimeSpan.FromMilliseconds(100),
        };
        var agent = new NodeAgent(options, client, new FakeHypervisor(), DeclaredGpuInventory.None, NullLogger.Instance);
        using var stop = new CancellationTokenSource();

        var run = agent.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => metrics.RequestCount("register", "unreachable") >= 5, "five attempts to register");
        Assert.False(run.IsCompleted);
        Assert.False(agent.State.Registered);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(run.IsCompletedSuccessfully);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}
