using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Agent.Fleet;
using VmCloud.Agent.Protocol;
using VmCloud.Api.Agents;
using VmCloud.Tests;

namespace VmCloud.Operator.Tests;

/// <summary>
/// The 88 nodes of examples/fleet as a hollow fleet of real agent sessions in the test process, each on
/// its own libvirt test-driver hypervisor: a token per node (the operator gets the hashes in
/// <see cref="TokenFile"/>), then <see cref="Start"/> once the operator runs.
/// </summary>
internal sealed class ExampleFleet : IAsyncDisposable
{
    private readonly string work;
    private readonly Dictionary<string, string> tokens;
    private readonly HttpClient http = OperatorHttp.CreateClient();
    private readonly CancellationTokenSource stop = new();
    private HollowFleet? fleet;
    private Task agents = Task.CompletedTask;

    private ExampleFleet(string work, IReadOnlyList<FleetNode> nodes, Dictionary<string, string> tokens)
    {
        this.work = work;
        this.tokens = tokens;
        Nodes = nodes;
        TokenFile = Path.Join(work, "agent-tokens");
    }

    /// <summary>The nodes, as their agents report them.</summary>
    public IReadOnlyList<FleetNode> Nodes { get; }

    /// <summary>The file to pass the operator as <c>--agent-tokens</c>.</summary>
    public string TokenFile { get; }

    /// <summary>The running fleet (to reach one node's hypervisor).</summary>
    public HollowFleet Fleet => fleet ?? throw new InvalidOperationException("the fleet has not started");

    /// <summary>Loads the nodes and writes the operator's token file under <paramref name="work"/>.</summary>
    public static async Task<ExampleFleet> PrepareAsync(string work)
    {
        var (nodes, errors) = FleetNode.Load(RepoPaths.Combine("examples", "fleet"));
        Assert.Empty(errors);
        var fleet = new ExampleFleet(work, nodes, nodes.ToDictionary(n => n.Name, _ => AgentTokens.Mint()));
        await File.WriteAllLinesAsync(fleet.TokenFile, fleet.tokens.Select(t => $"{t.Key} {AgentTokens.Hash(t.Value)}"));
        return fleet;
    }

    /// <summary>Creates every node's agent session against <paramref name="operatorUrl"/>; <paramref name="before"/> runs before they start.</summary>
    public void Start(Uri operatorUrl, Action<HollowFleet>? before = null)
    {
        fleet = HollowFleet.Create(Nodes, new HollowFleetOptions
        {
            OperatorUrl = operatorUrl,
            StateDirectory = Path.Join(work, "agents"),
            TokenOf = node => tokens[node],
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            LongPollSeconds = 5,
        }, http, NullLoggerFactory.Instance);
        before?.Invoke(fleet);
        agents = fleet.RunAsync(stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await agents;
        fleet?.Dispose();
        http.Dispose();
        stop.Dispose();
    }
}
