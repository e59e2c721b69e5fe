using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Benchmarks;

/// <summary>
/// Reconcile throughput of the controller runtime over the in-memory store, with a reconciler that
/// only reads its object (so the figure is the runtime's own cost: watch, queue, workers, store read).
/// Two phases per worker count: start-up over pre-loaded objects (list, queue, reconcile each), then
/// every object modified once and reconciled again (watch events to reconciles). Target: 2,000 objects/s on 2 cores.
/// </summary>
internal static class RuntimeBenchmark
{
    /// <summary>Runs the benchmark. <c>--objects N</c> sets the objects (default 20,000); <c>--workers a,b</c> the worker counts (default 1,4,16).</summary>
    public static async Task RunAsync(string[] args)
    {
        var objects = args.SkipWhile(a => a != "--objects").Skip(1).Select(int.Parse).FirstOrDefault(20_000);
        var workerCounts = args.SkipWhile(a => a != "--workers").Skip(1).Select(w => w.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([1, 4, 16]);
        Console.WriteLine($"runtime benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"{objects:N0} VirtualServers in the in-memory store; the reconciler reads its object and returns Done");
        Console.WriteLine($"{"workers",7} {"phase",-14} {"seconds",8} {"objects/s",10} {"KB alloc/obj",12}");

        // A short warm-up so the first row is not paying for JIT compilation.
        await MeasureAsync(Math.Min(objects, 2_000), workers: 4, print: false);
        foreach (var workers in workerCounts) await MeasureAsync(objects, workers, print: true);
    }

    private static async Task MeasureAsync(int objects, int workers, bool print)
    {
        using var store = new MemoryStore();
        var servers = new List<CustomResource>(objects);
        for (var i = 0; i < objects; i++) servers.Add(await store.CreateAsync(Server(i)));

        var reconciler = new ReadingReconciler(store, objects);
        using var runtime = new ControllerRuntime(store, TimeProvider.System, NullLoggerFactory.Instance);
        runtime.Register(reconciler, new ControllerOptions { Workers = workers, ResyncPeriod = null });
        using var stop = new CancellationTokenSource();

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var running = runtime.RunAsync(stop.Token);
        await reconciler.RoundDone(0).WaitAsync(TimeSpan.FromMinutes(5));
        Report(print, workers, "start-up", objects, Stopwatch.GetElapsedTime(started), GC.GetTotalAllocatedBytes(precise: true) - allocated);

        // Four writers modify every object once (a label, as a Git sync would); measured until the last is reconciled.
        allocated = GC.GetTotalAllocatedBytes(precise: true);
        started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = writer; i < objects; i += 4)
            {
                var s = servers[i];
                await store.UpdateAsync(s with { Metadata = s.Metadata with { ResourceVersion = null, Labels = new Dictionary<string, string> { ["round"] = "1" } } });
            }
        })));
        var written = Stopwatch.GetElapsedTime(started);
        await reconciler.RoundDone(1).WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = Stopwatch.GetElapsedTime(started);
        Report(print, workers, "modify all", objects, elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        if (print) Console.WriteLine($"{"",7} {"(writes alone",-14} {written.TotalSeconds,8:F2} {objects / written.TotalSeconds,10:N0})");

        await stop.CancelAsync();
        await running;
    }

    private static void Report(bool print, int workers, string phase, int objects, TimeSpan elapsed, long allocatedBytes)
    {
        if (!print) return;
        Console.WriteLine($"{workers,7} {phase,-14} {elapsed.TotalSeconds,8:F2} {objects / elapsed.TotalSeconds,10:N0} {allocatedBytes / 1024.0 / objects,12:F1}");
    }

    private static VirtualServer Server(int i) => new()
    {
        Metadata = new ObjectMeta { Name = $"vps-{i}", Namespace = $"tenant-{i % 64}" },
        Spec = new VirtualServerSpec { Plan = "VPS-BUSINESS", Image = "debian-12", Datacenter = "PAR-1" },
    };

    /// <summary>Reads its object and notes which round (label) it saw; a round is done once every object was seen in it.</summary>
    private sealed class ReadingReconciler(IResourceStore store, int objects) : IReconciler
    {
        private readonly ConcurrentDictionary<ResourceKey, int> seen = new();
        private readonly TaskCompletionSource[] rounds = [new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)];
        private readonly int[] counts = new int[2];

        public string Kind => nameof(VirtualServer);

        public Task RoundDone(int round) => rounds[round].Task;

        public async Task<ReconcileOutcome> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
        {
            var current = await store.GetAsync(key, cancellationToken);
            var round = current?.Metadata.Labels?.GetValueOrDefault("round") == "1" ? 1 : 0;

            // Counts each object once per round, however often it is reconciled in it. Read-then-write
            // is safe: the runtime never reconciles one key on two workers at once.
            if (round > seen.GetValueOrDefault(key, -1))
            {
                seen[key] = round;
                if (Interlocked.Increment(ref counts[round]) == objects) rounds[round].TrySetResult();
            }

            return ReconcileOutcome.Done();
        }
    }
}
