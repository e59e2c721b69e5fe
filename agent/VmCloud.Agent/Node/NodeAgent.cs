using Microsoft.Extensions.Logging;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Gpus;
using VmCloud.Agent.Libvirt;
using VmCloud.Agent.Metrics;
using VmCloud.Agent.Protocol;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Node;

/// <summary>
/// One node's session with the operator (docs/agent-protocol.md, "The agent's loop"): read the
/// inventory, register until accepted, then long-poll the desired document and converge to it on
/// every new document and at least every heartbeat interval (drift), reporting after each pass.
/// An unreachable operator never stops it: it retries with backoff and keeps converging the last
/// known document. Everything runs on one async loop per node, with no thread of its own, so a
/// process holds a thousand sessions.
/// </summary>
public sealed partial class NodeAgent
{
    private readonly NodeAgentOptions options;
    private readonly OperatorClient client;
    private readonly IHypervisor hypervisor;
    private readonly IGpuInventory gpus;
    private readonly ILogger logger;
    private readonly AgentMetrics? metrics;
    private readonly TimeProvider time;
    private readonly Random random;
    private readonly OperatorLink link;
    private readonly RetryDelay pollRetry;
    private readonly RetryDelay reportRetry;
    private readonly string session = Guid.NewGuid().ToString("N");
    private NodeConverger? converger;
    private NodeInventory? inventory;
    private DesiredDocument document;
    private string? etag;
    private long sequence;
    private TimeSpan heartbeat = TimeSpan.FromSeconds(10);
    private int longPollSeconds = 30;
    private NodeAgentState state = NodeAgentState.Initial;

    /// <summary>A session for <see cref="NodeAgentOptions.Node"/> through <paramref name="client"/>, acting on <paramref name="hypervisor"/>.</summary>
    public NodeAgent(NodeAgentOptions options, OperatorClient client, IHypervisor hypervisor, IGpuInventory gpus, ILogger logger,
        AgentMetrics? metrics = null, TimeProvider? time = null, Random? random = null)
    {
        (this.options, this.client, this.hypervisor, this.gpus, this.logger, this.metrics) = (options, client, hypervisor, gpus, logger, metrics);
        this.time = time ?? TimeProvider.System;
        this.random = random ?? Random.Shared;
        link = new OperatorLink(options.Node, logger, metrics);
        pollRetry = new RetryDelay(options.RetryBase, options.RetryMax, this.random);
        reportRetry = new RetryDelay(options.RetryBase, options.RetryMax, this.random);
        document = new DesiredDocument(AgentProtocol.Version, options.Node, 0, [], [], []);
    }

    /// <summary>The node's name.</summary>
    public string Node => options.Node;

    /// <summary>Where the session stands now.</summary>
    public NodeAgentState State => Volatile.Read(ref state);

    /// <summary>Runs the session until <paramref name="cancellationToken"/> is cancelled; never throws for operator or hypervisor failures.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadInventoryAsync(cancellationToken);
            while (!await TryRegisterAsync(cancellationToken)) await Task.Delay(pollRetry.Next(), time, cancellationToken);
            await LoopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopped(logger, options.Node);
        }
    }

    private async Task ReadInventoryAsync(CancellationToken cancellationToken)
    {
        var retry = new RetryDelay(options.RetryBase, options.RetryMax, random);
        while (true)
        {
            try
            {
                var host = ReadInventory();
                var domainHost = DomainHost.For(host, options.NetworkName, options.SeedDirectory, (hypervisor as LibvirtHypervisor)?.VolumeFormat ?? "qcow2");
                var executor = new ActionExecutor(hypervisor, domainHost, logger);
                converger = new NodeConverger(options.Node, hypervisor, executor, options.ShutdownGrace, time, logger, metrics);
                return;
            }
            catch (HypervisorException e)
            {
                if (retry.Failures == 0) LogNoInventory(logger, options.Node, e.Message);
                await Task.Delay(retry.Next(), time, cancellationToken);
            }
        }
    }

    // Read again at every registration: a GPU driver installed meanwhile, or a grown pool, is seen.
    private HostFacts ReadInventory()
    {
        var host = hypervisor.ReadHost();
        var reading = gpus.Read();
        inventory = new NodeInventory(host.Cpus, host.MemoryMiB, host.PoolCapacityGiB, reading.Gpus, reading.Source, reading.Message);
        return host;
    }

    private async Task<bool> TryRegisterAsync(CancellationToken cancellationToken)
    {
        try
        {
            TryReadInventory();
            var registration = new NodeRegistration(AgentProtocol.Version, options.AgentVersion, options.Datacenter, options.Role, inventory!);
            var accepted = await client.RegisterAsync(registration, cancellationToken);
            heartbeat = options.HeartbeatInterval ?? TimeSpan.FromSeconds(Math.Max(1, accepted.HeartbeatIntervalSeconds));
            longPollSeconds = options.LongPollSeconds ?? accepted.LongPollSeconds;
            link.Up();
            pollRetry.Reset();
            Update(s => s with { Registered = true, OperatorReachable = true });
            LogRegistered(logger, options.Node, heartbeat.TotalSeconds, longPollSeconds);
            return true;
        }
        catch (OperatorException e)
        {
            link.Down(e);
            Update(s => s with { OperatorReachable = false });
            return false;
        }
    }

    private void TryReadInventory()
    {
        try
        {
            ReadInventory();
        }
        catch (HypervisorException e)
        {
            LogNoInventory(logger, options.Node, e.Message);
        }
    }

    private void Update(Func<NodeAgentState, NodeAgentState> change) => Volatile.Write(ref state, change(state));

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} registered: heartbeat every {HeartbeatSeconds} s, long-polls of {LongPollSeconds} s")]
    private static partial void LogRegistered(ILogger logger, string node, double heartbeatSeconds, int longPollSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node}: cannot read the inventory from the hypervisor, retrying: {Reason}")]
    private static partial void LogNoInventory(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node}: session stopped")]
    private static partial void LogStopped(ILogger logger, string node);
}
