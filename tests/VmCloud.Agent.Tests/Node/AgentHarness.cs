using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Gpus;
using VmCloud.Agent.Node;
using VmCloud.Agent.Protocol;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Tests.Node;

/// <summary>A fake operator and one node session against a hypervisor, with short intervals so a test sees several heartbeats in a second.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    public const string NodeName = "par1-c01";
    public const string Token = "token-of-par1-c01";
    private readonly HttpClient http = OperatorHttp.CreateClient();
    private readonly TempDirectory state = new();
    private readonly List<(CancellationTokenSource Stop, Task Run)> sessions = [];

    private AgentHarness(FakeOperator fake, IHypervisor hypervisor)
    {
        Operator = fake;
        Hypervisor = hypervisor;
    }

    public FakeOperator Operator { get; }

    public IHypervisor Hypervisor { get; }

    public NodeAgent? Agent { get; private set; }

    public static async Task<AgentHarness> StartAsync(IHypervisor hypervisor, string token = Token)
    {
        var fake = await FakeOperator.StartAsync(new Dictionary<string, string> { [NodeName] = Token });
        var harness = new AgentHarness(fake, hypervisor);
        harness.StartAgent(token);
        return harness;
    }

    /// <summary>Starts a (new) session on the same hypervisor, as a restarted agent would be.</summary>
    public NodeAgent StartAgent(string token = Token, IGpuInventory? gpus = null)
    {
        var client = new OperatorClient(http, Operator.Url, NodeName, token, TimeProvider.System);
        var options = new NodeAgentOptions
        {
            Node = NodeName, Datacenter = "PAR-1", Role = NodeRole.Compute, StateDirectory = state.Path,
            HeartbeatInterval = TimeSpan.FromMilliseconds(300), LongPollSeconds = 2,
            RetryBase = TimeSpan.FromMilliseconds(50), RetryMax = TimeSpan.FromMilliseconds(300),
        };
        Agent = new NodeAgent(options, client, Hypervisor, gpus ?? DeclaredGpuInventory.None, NullLogger.Instance);
        var stop = new CancellationTokenSource();
        var agent = Agent;
        sessions.Add((stop, Task.Run(() => agent.RunAsync(stop.Token))));
        return agent;
    }

    /// <summary>Stops the running sessions and waits for them to end.</summary>
    public async Task StopAgentsAsync()
    {
        foreach (var (stop, run) in sessions)
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
            stop.Dispose();
        }

        sessions.Clear();
    }

    public long Publish(DesiredServer[]? servers = null, DesiredVolume[]? volumes = null, string[]? remove = null) =>
        Operator.Publish(new DesiredDocument(AgentProtocol.Version, NodeName, 0, servers ?? [], volumes ?? [], remove ?? []));

    public NodeReport? LastReport => Operator.LastReportOf(NodeName);

    /// <summary>Waits for a report of at least <paramref name="revision"/> that satisfies <paramref name="condition"/>.</summary>
    public Task ReportedAsync(long revision, Func<NodeReport, bool> condition, string what) =>
        Eventually.TrueAsync(() => LastReport is { } r && r.AppliedRevision >= revision && condition(r), what);

    public async ValueTask DisposeAsync()
    {
        await StopAgentsAsync();
        await Operator.DisposeAsync();
        http.Dispose();
        state.Dispose();
    }
}
