using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Engine.Store;
using static VmCloud.Engine.Tests.TestObjects;

namespace VmCloud.Engine.Tests.Reconcilers;

/// <summary>The control plane running over a memory store and a manual clock, for the length of one test.</summary>
internal sealed class RunningControlPlane : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    public RunningControlPlane()
    {
        Store = new MemoryStore(Time);
        Plane = new ControlPlane(Store, Policies, Time, NullLoggerFactory.Instance);
        running = Plane.RunAsync(stop.Token);
    }

    public ManualTimeProvider Time { get; } = new();

    public MemoryStore Store { get; }

    public ControlPlane Plane { get; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        Plane.Dispose();
        Store.Dispose();
        stop.Dispose();
    }
}
