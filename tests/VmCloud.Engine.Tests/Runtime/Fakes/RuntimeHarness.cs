using System.Diagnostics.Metrics;
using VmCloud.Engine.Runtime;

namespace VmCloud.Engine.Tests.Runtime.Fakes;

/// <summary>A runtime over a fake store and a manual clock, stopped and disposed with the test.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable, IMeterFactory
{
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public RuntimeHarness(ControllerRuntimeOptions? options = null)
    {
        Runtime = new ControllerRuntime(Store, Time, Logs, options, this, new FixedRandom(0));
    }

    public ManualTimeProvider Time { get; } = new();

    public LogCollector Logs { get; } = new();

    public FakeResourceStore Store { get; } = new();

    public ControllerRuntime Runtime { get; }

    public Task Running => running ?? throw new InvalidOperationException("not started");

    /// <summary>Default options for tests: one worker unless asked, no resync unless asked.</summary>
    public static ControllerOptions Options(int workers = 1, TimeSpan? resync = null, WorkQueueOptions? queue = null) =>
        new() { Workers = workers, ResyncPeriod = resync, Queue = queue ?? new WorkQueueOptions() };

    public void Start() => running = Runtime.RunAsync(stop.Token);

    public Task StopAsync()
    {
        stop.Cancel();
        return Running;
    }

    /// <summary>Waits until the queue holds nothing ready or processing, and <paramref name="delayed"/> keys waiting.</summary>
    public static Task IdleAsync(WorkQueue queue, int delayed = 0) =>
        Eventually.TrueAsync(() => queue.Count == 0 && queue.ProcessingCount == 0 && queue.DelayedCount == delayed,
            because: () => $"queue idle with {delayed} delayed (ready {queue.Count}, processing {queue.ProcessingCount}, delayed {queue.DelayedCount})");

    public Meter Create(MeterOptions options) => new(new MeterOptions(options.Name) { Version = options.Version, Scope = this });

    public void Dispose()
    {
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();

        // Lets the shutdown grace period run out, so a reconcile a test left blocked is cancelled.
        Time.Advance(TimeSpan.FromHours(1));
        if (running is not null) await running.WaitAsync(TimeSpan.FromSeconds(10));
        Runtime.Dispose();
        stop.Dispose();
    }
}
