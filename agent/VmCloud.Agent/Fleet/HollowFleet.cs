using Microsoft.Extensions.Logging;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using VmCloud.Agent.Metrics;
using VmCloud.Agent.Node;
using VmCloud.Agent.Protocol;

namespace VmCloud.Agent.Fleet;

/// <summary>What a hollow fleet shares between its nodes.</summary>
public sealed record HollowFleetOptions
{
    /// <summary>The operator.</summary>
    public required Uri OperatorUrl { get; init; }

    /// <summary>Where each node's test-driver file and state (seeds) are written.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Each node's bearer token, by node name.</summary>
    public required Func<string, string> TokenOf { get; init; }

    /// <summary>Overrides the operator's heartbeat interval (tests, benchmarks).</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>Overrides the operator's long-poll wait (tests, benchmarks).</summary>
    public int? LongPollSeconds { get; init; }
}

/// <summary>
/// A simulated fleet in one process: one <see cref="NodeAgent"/> per node, each over its own
/// libvirt test-driver connection sized from the node's manifest, all sharing one HTTP client.
/// The sessions are async loops, not threads, so a thousand nodes run on two cores; what the
/// operator sees is exactly what a thousand real agents would send.
/// </summary>
public sealed class HollowFleet : IDisposable
{
    private readonly IReadOnlyList<LibvirtHypervisor> hypervisors;

    private HollowFleet(IReadOnlyList<NodeAgent> agents, IReadOnlyList<LibvirtHypervisor> hypervisors)
    {
        Agents = agents;
        this.hypervisors = hypervisors;
    }

    /// <summary>The node sessions, in the order of the nodes given.</summary>
    public IReadOnlyList<NodeAgent> Agents { get; }

    /// <summary>Each node's hypervisor, by node name: to change things out of band in tests.</summary>
    public IHypervisor HypervisorOf(string node) => hypervisors[Agents.Select(a => a.Node).ToList().IndexOf(node)];

    /// <summary>
    /// Writes each node's test-driver file, opens its connection and builds its session; nothing
    /// runs until <see cref="RunAsync"/>. Throws <see cref="HypervisorException"/> naming the node
    /// whose connection failed (after closing those already open).
    /// </summary>
    public static HollowFleet Create(IReadOnlyList<FleetNode> nodes, HollowFleetOptions options, HttpClient http, ILoggerFactory loggers,
        AgentMetrics? metrics = null, TimeProvider? time = null)
    {
        var logger = loggers.CreateLogger(typeof(NodeAgent).FullName!);
        var agents = new List<NodeAgent>(nodes.Count);
        var opened = new List<LibvirtHypervisor>(nodes.Count);
        try
        {
            foreach (var node in nodes)
            {
                var uri = TestDriverNode.Write(node.DriverSpec(), Path.Join(options.StateDirectory, "test-driver"));
                var hypervisor = Open(node.Name, uri);
                opened.Add(hypervisor);
                var client = new OperatorClient(http, options.OperatorUrl, node.Name, options.TokenOf(node.Name), time ?? TimeProvider.System, metrics);
                var agentOptions = new NodeAgentOptions
                {
                    Node = node.Name, Datacenter = node.Datacenter, Role = node.Role, StateDirectory = Path.Join(options.StateDirectory, "nodes", node.Name),
                    HeartbeatInterval = options.HeartbeatInterval, LongPollSeconds = options.LongPollSeconds,
                };
                agents.Add(new NodeAgent(agentOptions, client, hypervisor, DeclaredGpuInventory.Of(node.Gpus), logger, metrics, time));
            }
        }
        catch
        {
            foreach (var hypervisor in opened) hypervisor.Dispose();
            throw;
        }

        return new HollowFleet(agents, opened);
    }

    /// <summary>Runs every session until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Agents.Select(agent => Task.Run(() => agent.RunAsync(cancellationToken), CancellationToken.None)));

    /// <summary>How far the fleet got: sessions registered, reaching the operator, and the lowest revision applied.</summary>
    public FleetProgress Progress()
    {
        var states = Agents.Select(a => a.State).ToList();
        return new FleetProgress(states.Count, states.Count(s => s.Registered), states.Count(s => s.OperatorReachable),
            states.Count == 0 ? 0 : states.Min(s => s.AppliedRevision), states.Sum(s => s.ReportsAccepted));
    }

    /// <summary>Closes every test-driver connection; call after <see cref="RunAsync"/> has finished.</summary>
    public void Dispose()
    {
        foreach (var hypervisor in hypervisors) hypervisor.Dispose();
    }

    private static LibvirtHypervisor Open(string node, string uri)
    {
        try
        {
            return LibvirtHypervisor.Open(uri, "default");
        }
        catch (HypervisorException e)
        {
            throw new HypervisorException($"node {node}: {e.Message}", e);
        }
    }
}

/// <summary>A hollow fleet's progress.</summary>
/// <param name="Nodes">Sessions in the fleet.</param>
/// <param name="Registered">Sessions the operator accepted.</param>
/// <param name="Reachable">Sessions whose last request reached the operator.</param>
/// <param name="LowestAppliedRevision">The lowest document revision any session has converged to.</param>
/// <param name="ReportsAccepted">Reports the operator accepted, over all sessions.</param>
public sealed record FleetProgress(int Nodes, int Registered, int Reachable, long LowestAppliedRevision, long ReportsAccepted);
