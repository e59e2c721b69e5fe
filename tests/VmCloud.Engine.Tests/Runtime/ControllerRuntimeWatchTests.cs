using System.Diagnostics.Metrics;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;
using VmCloud.Engine.Tests.Runtime.Fakes;

namespace VmCloud.Engine.Tests.Runtime;

/// <summary>What queues keys besides direct changes: resyncs, relists, other kinds; and how the runtime stops.</summary>
public sealed class ControllerRuntimeWatchTests : IAsyncDisposable
{
    private static readonly ResourceKey A = RuntimeObjects.VpsKey("a");
    private static readonly ResourceKey B = RuntimeObjects.VpsKey("b");
    private static readonly ResourceKey C = RuntimeObjects.VpsKey("c");

    private readonly RuntimeHarness harness = new();
    private readonly ScriptedReconciler reconciler = new(nameof(VirtualServer));

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public async Task Resync_RequeuesEveryObject_EachPeriod()
    {
        await CreateAsync("a", "b");
        harness.Runtime.Register(reconciler, RuntimeHarness.Options(resync: TimeSpan.FromMinutes(5)));
        harness.Start();
        var queue = harness.Runtime.QueueOf(reconciler);
        await Eventually.TrueAsync(() => reconciler.Total == 2);
        await RuntimeHarness.IdleAsync(queue);

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2 && reconciler.Calls(B) == 2);
        await RuntimeHarness.IdleAsync(queue);

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 3 && reconciler.Calls(B) == 3);
    }

    [Fact]
    public async Task WatchGone_Relists_AndReportsWhatChangedMeanwhile_IncludingDeletes()
    {
        await CreateAsync("a", "b");
        Start();
        await Eventually.TrueAsync(() => reconciler.Total == 2 && harness.Store.WatchCount == 1);

        // While the watch is cut off: b disappears, c appears, and the history is compacted.
        harness.Store.BreakWatches(new IOException("connection reset"));
        harness.Store.RemoveSilently(B);
        await harness.Store.CreateAsync(RuntimeObjects.Vps("c"));
        harness.Store.Compact();

        // The watcher retries from its revision after a delay, gets Gone, and lists again.
        await Eventually.TrueAsync(() =>
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            return harness.Store.Lists[nameof(VirtualServer)] == 2;
        });
        await Eventually.TrueAsync(() => reconciler.Calls(C) == 1 && reconciler.Calls(B) == 2 && reconciler.Calls(A) == 2);
        Assert.DoesNotContain(harness.Runtime.Snapshot(nameof(VirtualServer)), o => o.Metadata.Name == "b");
    }

    [Fact]
    public async Task WatchBroken_WatchesAgainFromItsRevision_WithoutListing()
    {
        await CreateAsync("a");
        Start();
        await Eventually.TrueAsync(() => reconciler.Total == 1 && harness.Store.WatchCount == 1);

        harness.Store.BreakWatches(new IOException("connection reset"));
        await harness.Store.CreateAsync(RuntimeObjects.Vps("b"));
        await Eventually.TrueAsync(() =>
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            return harness.Store.WatchCount == 1;
        });

        await Eventually.TrueAsync(() => reconciler.Calls(B) == 1, because: () => harness.Logs.ToString());
        Assert.Equal(1, harness.Store.Lists[nameof(VirtualServer)]);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("connection reset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OtherKind_Change_QueuesTheMappedKeys()
    {
        await CreateAsync("a", "b", "c");
        await harness.Store.UpdateAsync(await BindAsync("a", "node-1"));
        await harness.Store.UpdateAsync(await BindAsync("c", "node-1"));
        harness.Runtime.Register(reconciler, RuntimeHarness.Options())
            .Watches(nameof(HypervisorNode), node => harness.Runtime.Snapshot(nameof(VirtualServer))
                .Where(vps => vps.Metadata.Labels?.GetValueOrDefault("node") == node.Metadata.Name)
                .Select(ResourceKey.Of));
        harness.Start();
        await Eventually.TrueAsync(() => reconciler.Total == 3);
        await RuntimeHarness.IdleAsync(harness.Runtime.QueueOf(reconciler));

        await harness.Store.CreateAsync(RuntimeObjects.Node("node-1"));

        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2 && reconciler.Calls(C) == 2);
        await RuntimeHarness.IdleAsync(harness.Runtime.QueueOf(reconciler));
        Assert.Equal(1, reconciler.Calls(B));
    }

    [Fact]
    public async Task OtherKind_MappingThatThrows_IsLogged_AndTheWatchGoesOn()
    {
        await CreateAsync("a");
        harness.Runtime.Register(reconciler, RuntimeHarness.Options())
            .Watches(nameof(HypervisorNode), node => node.Metadata.Name == "bad" ? throw new InvalidOperationException("bug") : [A]);
        harness.Start();
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 1);

        await harness.Store.CreateAsync(RuntimeObjects.Node("bad"));
        await harness.Store.CreateAsync(RuntimeObjects.Node("good"));

        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("bug", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_LetsAReconcileInFlightFinish_WithinTheGracePeriod()
    {
        await CreateAsync("a");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancellation = false;
        reconciler.During = async (_, ct) =>
        {
            await release.Task;
            sawCancellation = ct.IsCancellationRequested;
        };
        Start();
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 1);

        var stopped = harness.StopAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(stopped.IsCompleted);

        release.SetResult();
        await stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(sawCancellation);
        Assert.Equal(1, reconciler.Total);
    }

    [Fact]
    public async Task Shutdown_CancelsAReconcileInFlight_AfterTheGracePeriod()
    {
        await CreateAsync("a");
        reconciler.During = (_, ct) => Task.Delay(Timeout.Infinite, ct);
        Start();
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 1);

        var stopped = harness.StopAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        await stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostedService_RunsTheRuntime_UntilTheHostStops()
    {
        await CreateAsync("a");
        harness.Runtime.Register(reconciler, RuntimeHarness.Options());
        using var service = new ControllerRuntimeService(harness.Runtime);

        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 1);

        await service.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Metrics_RecordDurationsErrorsAndQueueDepth_PerKind()
    {
        await CreateAsync("a");
        reconciler.Respond = (_, call) => call == 1 ? throw new IOException("flaky") : ReconcileOutcome.Done();
        var measurements = new List<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == harness) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();

        var queue = Start(new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1) });
        await RuntimeHarness.IdleAsync(queue, delayed: 1);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2);
        await RuntimeHarness.IdleAsync(queue);
        listener.RecordObservableInstruments();

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "vmcloud.reconcile.duration" && (string?)m.Tags["outcome"] == "error" && (string?)m.Tags["kind"] == nameof(VirtualServer));
            Assert.Contains(measurements, m => m.Name == "vmcloud.reconcile.duration" && (string?)m.Tags["outcome"] == "done");
            Assert.Contains(measurements, m => m.Name == "vmcloud.reconcile.errors" && m.Value == 1 && (string?)m.Tags["controller"] == nameof(ScriptedReconciler));
            Assert.Contains(measurements, m => m.Name == "vmcloud.workqueue.depth" && m.Value == 0);
        }

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags) copy[tag.Key] = tag.Value;
            lock (measurements) measurements.Add((instrument.Name, value, copy));
        }
    }

    private WorkQueue Start(WorkQueueOptions? queueOptions = null)
    {
        harness.Runtime.Register(reconciler, RuntimeHarness.Options(queue: queueOptions));
        harness.Start();
        return harness.Runtime.QueueOf(reconciler);
    }

    private async Task<CustomResource> BindAsync(string name, string node)
    {
        var stored = await harness.Store.GetAsync(RuntimeObjects.VpsKey(name)) ?? throw new InvalidOperationException(name);
        return stored with { Metadata = stored.Metadata with { Labels = new Dictionary<string, string> { ["node"] = node } } };
    }

    private async Task CreateAsync(params string[] names)
    {
        foreach (var name in names) await harness.Store.CreateAsync(RuntimeObjects.Vps(name));
    }
}
