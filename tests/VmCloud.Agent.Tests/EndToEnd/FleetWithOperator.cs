using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Fleet;
using VmCloud.Agent.Node;
using VmCloud.Agent.Protocol;
using VmCloud.Api.Agents;
using VmCloud.Tests;

namespace VmCloud.Agent.Tests.EndToEnd;

/// <summary>
/// The real operator process (embedded store, a dir: source, agent tokens) and the agents of
/// <c>EndToEnd/fleet.yaml</c> running in the test process on libvirt test-driver hypervisors, which
/// the test reads and changes out of band. The agents can be stopped and started again on the same
/// hypervisors, and the operator killed and restarted on the same port.
/// </summary>
internal sealed class FleetWithOperator : IAsyncDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("vmcloud-e2e-").FullName;
    private readonly Dictionary<string, string> tokens = [];
    private readonly HttpClient http = OperatorHttp.CreateClient();
    private readonly IReadOnlyList<FleetNode> nodes;
    private HollowFleet? fleet;
    private CancellationTokenSource? running;
    private Task agents = Task.CompletedTask;

    private FleetWithOperator()
    {
        (nodes, var errors) = FleetNode.Load(RepoPaths.Combine("tests", "VmCloud.Agent.Tests", "EndToEnd", "fleet.yaml"));
        Assert.Empty(errors);
        foreach (var node in nodes) tokens[node.Name] = AgentTokens.Mint();
    }

    /// <summary>The operator process.</summary>
    public OperatorProcess Operator { get; private set; } = null!;

    /// <summary>Starts the operator over a copy of <c>EndToEnd/Source</c>, then the agents.</summary>
    public static async Task<FleetWithOperator> StartAsync()
    {
        var started = new FleetWithOperator();
        var tokenFile = Path.Join(started.work, "agent-tokens");
        await File.WriteAllLinesAsync(tokenFile, started.tokens.Select(t => $"{t.Key} {AgentTokens.Hash(t.Value)}"));
        started.Operator = await OperatorProcess.StartAsync(RepoPaths.Combine("tests", "VmCloud.Agent.Tests", "EndToEnd", "Source"),
            RepoPaths.Combine("policies"), TimeSpan.FromSeconds(1), ["--agent-tokens", tokenFile]);
        started.fleet = HollowFleet.Create(started.nodes, new HollowFleetOptions
        {
            OperatorUrl = started.Operator.Address,
            StateDirectory = Path.Join(started.work, "agents"),
            TokenOf = node => started.tokens[node],
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            LongPollSeconds = 5,
        }, started.http, NullLoggerFactory.Instance);
        started.StartAgents(started.fleet.Agents);
        return started;
    }

    /// <summary>The hypervisor of a node, to look at or to change out of band.</summary>
    public IHypervisor Hypervisor(string node) => fleet!.HypervisorOf(node);

    /// <summary>The domains vmcloud owns on a node.</summary>
    public IReadOnlyList<DomainObservation> Domains(string node) => [.. Hypervisor(node).ListDomains().Where(d => d.Owner is not null)];

    /// <summary>Stops every agent session, as a killed agent would stop; the hypervisors keep their domains.</summary>
    public async Task StopAgentsAsync()
    {
        await running!.CancelAsync();
        await agents;
        running.Dispose();
    }

    /// <summary>New agent sessions (new session ids, no memory) over the same hypervisors.</summary>
    public void StartNewAgents() => StartAgents([.. nodes.Select(node => new NodeAgent(
        new NodeAgentOptions
        {
            Node = node.Name, Datacenter = node.Datacenter, Role = node.Role, StateDirectory = Path.Join(work, "agents", "nodes", node.Name),
            HeartbeatInterval = TimeSpan.FromSeconds(1), LongPollSeconds = 5,
        },
        new OperatorClient(http, Operator.Address, node.Name, tokens[node.Name], TimeProvider.System),
        Hypervisor(node.Name), DeclaredGpuInventory.Of(node.Gpus), NullLogger.Instance))]);

    /// <summary>An object as the operator serves it, or null when it does not exist.</summary>
    public async Task<JsonNode?> GetAsync(string plural, string name)
    {
        var (status, body, _) = await Operator.GetAsync($"/apis/vmcloud.io/v1alpha1/namespaces/acme/{plural}/{name}");
        return status == System.Net.HttpStatusCode.OK ? body : null;
    }

    /// <summary>Waits until the object's Ready condition has <paramref name="status"/> and, when given, the phase.</summary>
    public Task<JsonNode?> ReadyAsync(string plural, string name, string status = "True", string? phase = null) =>
        Operator.WaitForAsync($"{plural}/{name} Ready={status}{(phase is null ? "" : $" phase {phase}")}", () => GetAsync(plural, name),
            o => o?["status"]?["conditions"] is JsonArray conditions
                && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == status)
                && (phase is null || o["status"]?["phase"]?.GetValue<string>() == phase),
            TimeSpan.FromSeconds(60));

    /// <summary>Rewrites a file of the operator's source (the dir: source is polled every second).</summary>
    public Task EditSourceAsync(string file, Func<string, string> edit)
    {
        var path = Path.Join(Operator.SourceDirectory!, "tenants", "acme", file);
        return File.WriteAllTextAsync(path, edit(File.ReadAllText(path)));
    }

    public async ValueTask DisposeAsync()
    {
        if (running is { IsCancellationRequested: false }) await StopAgentsAsync();
        fleet?.Dispose();
        await Operator.DisposeAsync();
        http.Dispose();
        Directory.Delete(work, recursive: true);
    }

    private void StartAgents(IReadOnlyList<NodeAgent> sessions)
    {
        running = new CancellationTokenSource();
        var token = running.Token;
        agents = Task.WhenAll(sessions.Select(agent => Task.Run(() => agent.RunAsync(token), CancellationToken.None)));
    }
}
