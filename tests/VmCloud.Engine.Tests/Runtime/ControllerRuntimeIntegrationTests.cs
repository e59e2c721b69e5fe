using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;
using VmCloud.Engine.Tests.Runtime.Fakes;

namespace VmCloud.Engine.Tests.Runtime;

/// <summary>
/// The runtime over the real in-memory store, with a reconciler written the house way: conditions
/// through <see cref="Conditions"/>, status written only when changed, events on transitions only.
/// </summary>
public sealed class ControllerRuntimeIntegrationTests : IAsyncDisposable
{
    private readonly ManualTimeProvider time = new();
    private readonly MemoryStore store;
    private readonly LogCollector logs = new();
    private readonly ControllerRuntime runtime;
    private readonly CancellationTokenSource stop = new();
    private readonly ReadyReconciler reconciler;
    private Task? running;

    public ControllerRuntimeIntegrationTests()
    {
        store = new MemoryStore(time);
        runtime = new ControllerRuntime(store, time, logs);
        reconciler = new ReadyReconciler(store, time, new EventRecorder(store, time, logs.CreateLogger("events")));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        time.Advance(TimeSpan.FromHours(1));
        if (running is not null) await running.WaitAsync(TimeSpan.FromSeconds(10));
        runtime.Dispose();
        store.Dispose();
        stop.Dispose();
    }

    [Fact]
    public async Task Reconciler_Converges_WritingStatusOncePerGeneration_AndOneEventPerTransition()
    {
        var key = ResourceKey.Of(await store.CreateAsync(RuntimeObjects.Vps("web-1")));
        runtime.Register(reconciler, new ControllerOptions { Workers = 2, ResyncPeriod = TimeSpan.FromMinutes(1) });
        running = runtime.RunAsync(stop.Token);

        // Run 1 writes the status; run 2 is woken by that write and finds nothing to do.
        await Eventually.TrueAsync(() => reconciler.StatusWrites == 1 && reconciler.Runs == 2 && Idle());
        var ready = await store.GetAsync(key) ?? throw new InvalidOperationException();
        Assert.True(Conditions.IsReady(ready));
        var transition = Conditions.Find(ready.StatusBase!.Conditions, ConditionTypes.Ready)!.LastTransitionTime;

        // A resync reconciles again and finds nothing to write.
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => reconciler.Runs == 3 && Idle());
        Assert.Equal(1, reconciler.StatusWrites);

        // A spec change: Ready is stale until the reconciler has seen generation 2; then current again.
        time.Advance(TimeSpan.FromSeconds(5));
        var changed = (VirtualServer)ready with { Spec = ((VirtualServer)ready).Spec with { Plan = "VPS-STARTER" } };
        Assert.False(Conditions.IsReady(await store.UpdateAsync(changed)));
        await Eventually.TrueAsync(() => reconciler.StatusWrites == 2 && Idle(), because: () => $"writes {reconciler.StatusWrites} runs {reconciler.Runs} idle {Idle()}\n{logs}");

        var current = await store.GetAsync(key) ?? throw new InvalidOperationException();
        Assert.True(Conditions.IsReady(current));
        Assert.Equal(2, current.StatusBase!.ObservedGeneration);
        Assert.Equal(transition, Conditions.Find(current.StatusBase.Conditions, ConditionTypes.Ready)!.LastTransitionTime);
        var e = Assert.Single(await reconciler.Events.ListForAsync(current));
        Assert.Equal(1, e.Count);
    }

    private bool Idle()
    {
        var queue = runtime.QueueOf(reconciler);
        return queue.Count == 0 && queue.ProcessingCount == 0;
    }

    /// <summary>Marks every VirtualServer Ready: a minimal reconciler in the house style.</summary>
    private sealed class ReadyReconciler(IResourceStore store, TimeProvider time, EventRecorder events) : IReconciler
    {
        private int runs;
        private int statusWrites;

        public string Kind => nameof(VirtualServer);

        public EventRecorder Events => events;

        public int Runs => Volatile.Read(ref runs);

        public int StatusWrites => Volatile.Read(ref statusWrites);

        public async Task<ReconcileOutcome> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            if (await store.GetAsync(key, cancellationToken) is not VirtualServer vps) return ReconcileOutcome.Done();

            var generation = vps.Metadata.Generation ?? 0;
            var ready = Conditions.Set(vps.Status?.Conditions, ConditionTypes.Ready, ConditionStatus.True, "Running", "The server runs.", generation, time.GetUtcNow());
            var status = (vps.Status ?? new ServerStatus()) with { ObservedGeneration = generation, Phase = "Running", Conditions = ready.Conditions };
            if (StatusComparison.HasChanged(vps.Status, status))
            {
                await store.UpdateStatusAsync(vps with { Status = status }, cancellationToken);
                Interlocked.Increment(ref statusWrites);
            }

            if (ready.Transitioned) await events.NormalAsync(vps, "Running", "The server runs.", cancellationToken);
            return ReconcileOutcome.Done();
        }
    }
}
