using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Core.Catalog;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Sources;

namespace VmCloud.Benchmarks;

/// <summary>
/// A Git source of N manifests (one object per file) served as <c>file://</c>, synced into the
/// durable store as the operator does it (its own bare mirror, <see cref="SourceSync"/> with the
/// capacity check asked for and no node registered yet). Three figures: a cold sync (empty mirror,
/// empty store) up to applied; a commit touching 10 files, from the start of the sync to applied;
/// and the time from a webhook's <see cref="SourceRunner.Wake"/> to the start of the sync and to
/// applied. The headline figures time the real <see cref="SourceSync.SyncAsync"/>; a second site
/// times the same work piece by piece (fetch, read, parse, validate, approve, apply) to show where it goes.
/// </summary>
internal static class GitOpsBenchmark
{
    private const string ObjectName = "bench-fleet";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(string[] args)
    {
        var manifests = Option(args, "--manifests", 10_000);
        var runs = Option(args, "--runs", 3);
        var commits = Option(args, "--commits", 5);
        var files = Option(args, "--files", 10);
        var wakes = Option(args, "--wakes", 20);
        var policies = PolicyLoader.Load(Option(args, "--policies", "policies")).Policies
            ?? throw new InvalidOperationException("policies/ does not load; run from the repository root or pass --policies");
        Console.WriteLine($"gitops benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
            + $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.FrameworkDescription}, "
            + $"{RuntimeInformation.OSDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, load average {LoadAverage()}");

        using var repo = new GitOpsRepository(manifests);
        var clock = Stopwatch.StartNew();
        var bytes = repo.CommitInitial();
        Console.WriteLine($"repository: {manifests:N0} manifests ({GitOpsRepository.Tenants} tenants, VirtualServers and Volumes 2:1, one per file), "
            + $"{bytes / 1024.0 / 1024.0:0.0} MiB, written with git fast-import in {clock.Elapsed.TotalSeconds:0.0} s; served as file://, embedded store with fsync");

        var (endToEnd, phased) = await ColdAsync(repo, policies, runs);
        await using (phased)
        {
            await using (endToEnd.Site)
            {
                var placed = manifests - GitOpsRepository.Tenants;
                var settled = await endToEnd.Site.SettleStatusesAsync(policies, placed) + await phased.SettleStatusesAsync(policies, placed);
                Console.WriteLine($"then the real controllers ran until all {placed:N0} objects had a status (Unschedulable, no node), and were stopped ({settled.TotalSeconds:0.0} s for both sites)");
                await CommitsAsync(repo, policies, endToEnd, phased, commits, files);
                if (wakes > 0) await WakeAsync(repo, endToEnd, wakes, files);
            }
        }
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB; load average at the end {LoadAverage()}");
    }

    // Fresh sites each run; the last run's two are kept for the commits that follow.
    private static async Task<(EndToEnd EndToEnd, GitOpsSite Phased)> ColdAsync(GitOpsRepository repo, PolicySet policies, int runs)
    {
        Console.WriteLine();
        Console.WriteLine("cold sync: empty mirror and empty store, fetch + read + parse + validate + approve + apply + status (ms)");
        Console.WriteLine($"{"run",3} | {"SyncAsync",9} {"fetch",6} {"read",6} {"rest",6} | by phase: {"fetch",6} {"read",6} {"parse",6} {"valid.",6} {"approve",7} {"apply",6} {"sum",6} | {"mirror init",11}");
        var totals = new List<TimeSpan>();
        EndToEnd? kept = null;
        GitOpsSite? keptPhased = null;
        for (var run = 1; run <= runs; run++)
        {
            if (kept is not null) await kept.Site.DisposeAsync();
            if (keptPhased is not null) await keptPhased.DisposeAsync();
            // The real sync first, so run 1 pays what an operator's first sync pays (JIT included).
            Settle();
            kept = await EndToEnd.OpenAsync(repo, policies);
            var total = await kept.SyncAsync(repo.Manifests, expectCreated: true);
            totals.Add(total);
            Settle();
            keptPhased = await GitOpsSite.OpenAsync(repo.Root, repo.Spec);
            var phases = await keptPhased.SyncByPhaseAsync(policies, repo.Manifests);
            Console.WriteLine($"{run,3} | {Ms(total),9} {Ms(kept.Origin.LastFetch),6} {Ms(kept.Origin.LastRead),6} {Ms(total - kept.Origin.LastFetch - kept.Origin.LastRead),6} | "
                + $"{"",10} {Ms(phases.Fetch),6} {Ms(phases.Read),6} {Ms(phases.Parse),6} {Ms(phases.Validate),6} {Ms(phases.Approve),7} {Ms(phases.Apply),6} {Ms(phases.Total),6} | {Ms(kept.Site.MirrorInit),11}");
        }
        Console.WriteLine($"cold sync of {repo.Manifests:N0} manifests (SyncAsync): {Spread(totals)} over {runs} runs; target ≤ 5,000 ms: {(Median(totals).TotalSeconds <= 5 ? "met" : "missed")}");
        return (kept!, keptPhased!);
    }

    private static async Task CommitsAsync(GitOpsRepository repo, PolicySet policies, EndToEnd endToEnd, GitOpsSite phased, int commits, int files)
    {
        Console.WriteLine();
        Console.WriteLine($"a commit touching {files} files (plan changes), pushed, then synced to applied (ms)");
        Console.WriteLine($"{"commit",6} | {"SyncAsync",9} {"fetch",6} {"read",6} {"rest",6} | by phase: {"fetch",6} {"read",6} {"parse",6} {"valid.",6} {"approve",7} {"apply",6} {"sum",6}");
        var totals = new List<TimeSpan>();
        for (var c = 1; c <= commits; c++)
        {
            repo.CommitPlanChanges(files);
            Settle();
            var phases = await phased.SyncByPhaseAsync(policies, repo.Manifests);
            Settle();
            var total = await endToEnd.SyncAsync(repo.Manifests, expectCreated: false, expectUpdated: files);
            totals.Add(total);
            Console.WriteLine($"{c,6} | {Ms(total),9} {Ms(endToEnd.Origin.LastFetch),6} {Ms(endToEnd.Origin.LastRead),6} {Ms(total - endToEnd.Origin.LastFetch - endToEnd.Origin.LastRead),6} | "
                + $"{"",10} {Ms(phases.Fetch),6} {Ms(phases.Read),6} {Ms(phases.Parse),6} {Ms(phases.Validate),6} {Ms(phases.Approve),7} {Ms(phases.Apply),6} {Ms(phases.Total),6}");
        }
        Console.WriteLine($"{files}-file commit to applied (SyncAsync): {Spread(totals)} over {commits} commits; target ≤ 200 ms: {(Median(totals).TotalMilliseconds <= 200 ? "met" : "missed")}");
    }

    // A runner with a one-hour interval, so only Wake (what the webhook handler calls) starts a sync.
    private static async Task WakeAsync(GitOpsRepository repo, EndToEnd endToEnd, int wakes, int files)
    {
        Console.WriteLine();
        Console.WriteLine($"webhook: SourceRunner (interval 1 h) woken after each push of a {files}-file commit; {wakes} wakes");
        TaskCompletionSource<long>? synced = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "VmCloud.Engine" && instrument.Name == "vmcloud.source.sync.duration") l.EnableMeasurementEvents(instrument);
        };
        // The runner records the sync's duration right after SyncAsync returns: that is "applied".
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Volatile.Read(ref synced)?.TrySetResult(Stopwatch.GetTimestamp()));
        listener.Start();
        using var metrics = new SourceMetrics();
        using var runner = new SourceRunner(endToEnd.Sync, TimeSpan.FromHours(1), metrics, TimeProvider.System, new Random(1), NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);
        await runner.FirstSync.WaitAsync(Deadline);
        var toStart = new List<TimeSpan>();
        var toApplied = new List<TimeSpan>();
        for (var w = 1; w <= wakes; w++)
        {
            repo.CommitPlanChanges(files);
            Settle();
            endToEnd.Origin.Rearm();
            var signal = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref synced, signal);
            var woken = Stopwatch.GetTimestamp();
            runner.Wake();
            var started = await endToEnd.Origin.NextFetchEntered.WaitAsync(Deadline);
            var applied = await signal.Task.WaitAsync(Deadline);
            if (endToEnd.Sync.LastSync is not { Applied: true, Changes.Updated: var updated } || updated != files)
                throw new InvalidOperationException($"wake {w}: the commit was not applied: {(endToEnd.Sync.LastSync?.Errors is [var first, ..] ? first : null)}");
            toStart.Add(Stopwatch.GetElapsedTime(woken, started));
            toApplied.Add(Stopwatch.GetElapsedTime(woken, applied));
        }
        await stop.CancelAsync();
        await running.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Console.WriteLine($"Wake → sync started (fetch entered): p50 {Ms(Percentile(toStart, 50), "0.00")} ms, p99 {Ms(Percentile(toStart, 99), "0.00")} ms, max {Ms(toStart.Max(), "0.00")} ms");
        Console.WriteLine($"Wake → applied:                   p50 {Ms(Percentile(toApplied, 50))} ms, p99 {Ms(Percentile(toApplied, 99))} ms, max {Ms(toApplied.Max())} ms");
    }

    /// <summary>The real sync of one site, with its origin timed.</summary>
    private sealed record EndToEnd(GitOpsSite Site, TimedOrigin Origin, SourceSync Sync)
    {
        public static async Task<EndToEnd> OpenAsync(GitOpsRepository repo, PolicySet policies)
        {
            var site = await GitOpsSite.OpenAsync(repo.Root, repo.Spec);
            var origin = new TimedOrigin(site.Origin);
            var events = new EventRecorder(site.Store, TimeProvider.System, NullLogger.Instance);
            // As the operator sets up a Git source (SourceSet): capacity checked, which is skipped while no node has registered.
            var sync = new SourceSync(origin, ObjectName, site.Store, policies, events, TimeProvider.System, NullLogger.Instance,
                new SourceSyncOptions { CheckCapacity = true });
            return new EndToEnd(site, origin, sync);
        }

        public async Task<TimeSpan> SyncAsync(int objects, bool expectCreated, int expectUpdated = 0)
        {
            var clock = Stopwatch.StartNew();
            var result = await Sync.SyncAsync(CancellationToken.None);
            var elapsed = clock.Elapsed;
            var changes = result.Changes;
            if (!result.Applied || changes is null || changes.Created != (expectCreated ? objects : 0) || changes.Updated != expectUpdated || changes.Deleted != 0)
                throw new InvalidOperationException($"unexpected sync: applied {result.Applied}, {changes}, first error {(result.Errors is [var first, ..] ? first : null)}");
            return elapsed;
        }
    }

    // Each measured sync starts from a collected heap, so one run's garbage is not billed to the next.
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string Spread(List<TimeSpan> values) =>
        $"min {Ms(values.Min())} ms, median {Ms(Median(values))} ms, max {Ms(values.Max())} ms";

    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // Nearest rank: with 20 samples p99 is the largest.
    private static TimeSpan Percentile(List<TimeSpan> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(TimeSpan span, string format = "0") => span.TotalMilliseconds.ToString(format, CultureInfo.InvariantCulture);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static string Option(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
