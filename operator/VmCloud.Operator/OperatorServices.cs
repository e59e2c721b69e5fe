using Microsoft.Extensions.Hosting;
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

/// <summary>Syncs every source at start, then every poll interval.</summary>
internal sealed class SourceSyncService(IReadOnlyList<DirectorySource> sources, OperatorOptions options, Readiness readiness, TimeProvider time) : BackgroundService
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
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The folder is unreadable for now; the last applied state stays and the next poll retries.
                }
            }
            readiness.SourcesSynced = true;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>What /readyz waits for: the controllers running and every source synced once.</summary>
internal sealed class Readiness
{
    public volatile bool ControllersStarted;
    public volatile bool SourcesSynced;

    public bool Ready => ControllersStarted && SourcesSynced;
}
