using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmCloud.Engine;
using VmCloud.Engine.Sources;

namespace VmCloud.Operator;

/// <summary>Runs the controllers for the host's lifetime.</summary>
internal sealed class ControlPlaneService(ControlPlane plane, Readiness readiness) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        readiness.ControllersStarted = true;
        return plane.RunAsync(stoppingToken);
    }
}

/// <summary>
/// Syncs every source at start, then every poll interval. A sync that fails keeps the last applied
/// state and is retried at the next poll; it never stops the operator.
/// </summary>
internal sealed partial class SourceSyncService(
    IReadOnlyList<DirectorySource> sources, OperatorOptions options, Readiness readiness, TimeProvider time, ILogger<SourceSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, time);
        do
        {
            foreach (var source in sources)
            {
                try
                {
                    await source.SyncAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSyncFailed(source.Name, e.Message);
                }
            }
            readiness.SourcesSynced = true;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: sync failed, the last applied state stays; retrying at the next poll: {Reason}")]
    private partial void LogSyncFailed(string source, string reason);
}

/// <summary>What /readyz waits for: the controllers running and every source synced once.</summary>
internal sealed class Readiness
{
    public volatile bool ControllersStarted;
    public volatile bool SourcesSynced;

    public bool Ready => ControllersStarted && SourcesSynced;
}
