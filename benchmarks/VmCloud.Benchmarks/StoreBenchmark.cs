using System.Diagnostics;
using System.Runtime.InteropServices;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Benchmarks;

/// <summary>
/// The embedded store on the local disk: acknowledged (fsynced) write throughput with one writer and
/// with 8 and 64 concurrent writers (group commit lets them share flushes), and start-up time at
/// 100,000 objects, from a log alone and from a snapshot. The in-memory store gives the ceiling.
/// </summary>
internal static class StoreBenchmark
{
    /// <summary>
    /// Runs the benchmark. <c>--objects N</c> sets the objects for start-up (default 100,000);
    /// <c>--dir PATH</c> the disk to measure (default the temp directory).
    /// </summary>
    public static async Task RunAsync(string[] args)
    {
        var objects = args.SkipWhile(a => a != "--objects").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
        var root = args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? Path.GetTempPath();
        var directory = Directory.CreateDirectory(Path.Combine(root, $"vmcloud-store-bench-{Environment.ProcessId}")).FullName;
        Console.WriteLine($"store benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"data directory {directory}; every embedded write is acknowledged after fsync");
        try
        {
            Console.WriteLine($"{"store",-9} {"writers",7} {"writes",8} {"seconds",8} {"writes/s",9} {"mean ms",8}");
            await ThroughputAsync("memory", () => new MemoryStore(), writers: 1, writes: 20_000);
            var run = 0;
            foreach (var (writers, writes) in new[] { (1, 2_000), (8, 10_000), (64, 40_000) })
                await ThroughputAsync("embedded", () => Open(Path.Combine(directory, $"throughput-{++run}")), writers, writes);

            Console.WriteLine();
            await StartUpAsync(Path.Combine(directory, "startup"), objects);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task ThroughputAsync(string name, Func<IResourceStore> open, int writers, int writes)
    {
        var store = open();
        try
        {
            await WriteAsync(store, writers, Math.Min(writes / 10, 500), "warm");
            var elapsed = await WriteAsync(store, writers, writes, "measured");
            var meanMs = elapsed.TotalMilliseconds * writers / writes;
            Console.WriteLine($"{name,-9} {writers,7} {writes,8:N0} {elapsed.TotalSeconds,8:F2} {writes / elapsed.TotalSeconds,9:N0} {meanMs,8:F3}");
        }
        finally
        {
            await Close(store);
        }
    }

    /// <summary>
    /// Start-up at <paramref name="objects"/> objects, each created then given two status writes (as
    /// controllers do): first from the log alone (snapshots off, three records per object), then from
    /// the snapshot that the next open writes, which is what periodic snapshots bound start-up to.
    /// </summary>
    private static async Task StartUpAsync(string directory, int objects)
    {
        var store = Open(directory, snapshotMinRecords: int.MaxValue);
        var loading = Stopwatch.GetTimestamp();
        await WriteAsync(store, 64, objects, "object");
        await UpdateStatusesAsync(store, 64, objects, "object", rounds: 2);
        var loaded = Stopwatch.GetElapsedTime(loading);
        await store.DisposeAsync();
        Console.WriteLine($"wrote {objects:N0} objects and {2 * objects:N0} status updates with 64 writers in {loaded.TotalSeconds:F1} s; log {Megabytes(directory, "*.wal"):F0} MB");

        var (fromLog, _) = await TimeOpenAsync(directory, snapshotMinRecords: int.MaxValue);
        Console.WriteLine($"start-up from the log alone ({3 * objects:N0} records): {fromLog.TotalMilliseconds:N0} ms");

        // The log holds more records than there are objects: the first write triggers a snapshot,
        // which closing the store waits for.
        store = Open(directory, snapshotMinRecords: 1);
        await store.CreateAsync(Server("snapshot-trigger"));
        await store.DisposeAsync();
        var (fromSnapshot, count) = await TimeOpenAsync(directory, snapshotMinRecords: 10_000);
        Console.WriteLine($"start-up from the snapshot ({count:N0} objects, {Megabytes(directory, "snapshot"):F0} MB): {fromSnapshot.TotalMilliseconds:N0} ms");
    }

    private static async Task UpdateStatusesAsync(EmbeddedStore store, int writers, int objects, string prefix, int rounds)
    {
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var round = 1; round <= rounds; round++)
            {
                for (var i = writer; i < objects; i += writers)
                {
                    var server = Server($"{prefix}-{i}") with { Status = new ServerStatus { Phase = $"Step{round}", NodeName = $"node-{i % 1000}", ObservedGeneration = 1 } };
                    await store.UpdateStatusAsync(server);
                }
            }
        })));
    }

    private static async Task<(TimeSpan Elapsed, int Objects)> TimeOpenAsync(string directory, int snapshotMinRecords)
    {
        var started = Stopwatch.GetTimestamp();
        var store = Open(directory, snapshotMinRecords);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var count = (await store.ListAsync(nameof(VirtualServer))).Items.Count;
        await store.DisposeAsync();
        return (elapsed, count);
    }

    private static async Task<TimeSpan> WriteAsync(IResourceStore store, int writers, int writes, string prefix)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = writer; i < writes; i += writers) await store.CreateAsync(Server($"{prefix}-{i}"));
        })));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>A server as a tenant would declare it, about 600 bytes of JSON.</summary>
    private static VirtualServer Server(string name) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = $"tenant-{name.GetHashCode() & 63}",
            Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "frontend" },
            Annotations = new Dictionary<string, string> { ["vmcloud.io/source"] = "git@example.com:acme/infra.git#servers/web.yaml" },
        },
        Spec = new VirtualServerSpec
        {
            Plan = "VPS-BUSINESS",
            Image = "debian-12",
            Datacenter = "PAR-1",
            SshKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@acme"],
        },
    };

    private static EmbeddedStore Open(string directory, int snapshotMinRecords = 10_000) =>
        EmbeddedStore.Open(new EmbeddedStoreOptions { DataDirectory = directory, SnapshotMinRecords = snapshotMinRecords });

    private static async Task Close(IResourceStore store)
    {
        if (store is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else (store as IDisposable)?.Dispose();
    }

    private static double Megabytes(string directory, string pattern) =>
        Directory.GetFiles(directory, pattern).Sum(path => new FileInfo(path).Length) / 1e6;
}
