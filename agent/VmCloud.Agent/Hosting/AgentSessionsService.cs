using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmCloud.Agent.Node;

namespace VmCloud.Agent.Hosting;

/// <summary>
/// The host's worker: runs the node sessions (one on a real node, one per simulated node in a
/// hollow fleet) until the host stops (SIGTERM), and for a fleet logs its progress now and then,
/// since the sessions' own lines are kept to warnings there.
/// </summary>
/// <param name="sessions">The sessions; read when the host starts, after they are built.</param>
/// <param name="time">The clock of the progress lines.</param>
/// <param name="logger">Where progress is logged.</param>
internal sealed partial class AgentSessionsService(Func<IReadOnlyList<NodeAgent>> sessions, TimeProvider time, ILogger<AgentSessionsService> logger) : BackgroundService
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var agents = sessions();
        var running = Task.WhenAll(agents.Select(agent => Task.Run(() => agent.RunAsync(stoppingToken), CancellationToken.None)));
        if (agents.Count > 1) _ = LogProgressAsync(agents, stoppingToken);
        await running;
    }

    private async Task LogProgressAsync(IReadOnlyList<NodeAgent> agents, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var states = agents.Select(a => a.State).ToList();
                var (registered, reachable) = (states.Count(s => s.Registered), states.Count(s => s.OperatorReachable));
                var (lowest, highest) = (states.Min(s => s.AppliedRevision), states.Max(s => s.AppliedRevision));
                LogProgress(logger, states.Count, registered, reachable, lowest, highest);
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hollow fleet: {Registered}/{Nodes} registered, {Reachable} reaching the operator, applied revisions {Lowest}..{Highest}")]
    private static partial void LogProgress(ILogger logger, int nodes, int registered, int reachable, long lowest, long highest);
}
