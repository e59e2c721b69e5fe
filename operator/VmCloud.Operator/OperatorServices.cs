using Microsoft.Extensions.Hosting;
using VmCloud.Engine;

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

/// <summary>What /readyz waits for: the controllers running and every source synced once.</summary>
internal sealed class Readiness
{
    public volatile bool ControllersStarted;
    public volatile bool SourcesSynced;

    public bool Ready => ControllersStarted && SourcesSynced;
}
