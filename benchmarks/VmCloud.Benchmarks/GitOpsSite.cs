using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;
using VmCloud.Engine;
using VmCloud.Engine.GitSync;
using VmCloud.Engine.Sources;
using VmCloud.Engine.Store;

namespace VmCloud.Benchmarks;

/// <summary>Where one sync's time went, phase by phase.</summary>
internal sealed record PhaseTimes(TimeSpan Fetch, TimeSpan Read, TimeSpan Parse, TimeSpan Validate, TimeSpan Approve, TimeSpan Apply)
{
    public TimeSpan Total => Fetch + Read + Parse + Validate + Approve + Apply;
}

/// <summary>One operator's worth of a Git source: its own bare mirror, origin and durable store, in a folder of its own.</summary>
internal sealed class GitOpsSite : IAsyncDisposable
{
    // SourceSync's own list: the kinds whose live status the approval needs.
    private static readonly string[] PlacedKinds =
        [nameof(VirtualServer), nameof(GpuInstance), nameof(LoadBalancer), nameof(Volume), nameof(CdnDistribution)];

    private readonly string folder;

    private GitOpsSite(string folder, GitOrigin origin, EmbeddedStore store, TimeSpan mirrorInit)
    {
        this.folder = folder;
        Origin = origin;
        Store = store;
        MirrorInit = mirrorInit;
    }

    public GitOrigin Origin { get; }

    public EmbeddedStore Store { get; }

    /// <summary>How long creating the empty mirror took; the operator does it at start-up, before any sync.</summary>
    public TimeSpan MirrorInit { get; }

    /// <summary>An empty mirror of <paramref name="spec"/> and an empty store, under <paramref name="parent"/>.</summary>
    public static async Task<GitOpsSite> OpenAsync(string parent, string spec)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent, "site-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var remote = GitRemote.Parse(spec, GitAccessPolicy.Default).Remote ?? throw new InvalidOperationException($"{spec} does not parse");
        var started = Stopwatch.GetTimestamp();
        var git = await GitCli.OpenMirrorAsync(Path.Combine(folder, "mirror"), remote, GitAccessPolicy.Default, CancellationToken.None);
        var mirrorInit = Stopwatch.GetElapsedTime(started);
        var store = EmbeddedStore.Open(new EmbeddedStoreOptions { DataDirectory = Path.Combine(folder, "data") });
        return new GitOpsSite(folder, new GitOrigin(remote, git, TimeSpan.FromHours(1)), store, mirrorInit);
    }

    /// <summary>
    /// Fetches, reads, checks and applies the branch's head the way <see cref="SourceSync"/> does,
    /// timing each public piece on its own (no status, no events).
    /// </summary>
    public async Task<PhaseTimes> SyncByPhaseAsync(PolicySet policies, int expectedObjects)
    {
        var limits = LoadLimits.Default;
        var clock = Stopwatch.StartNew();
        var revision = await Origin.FetchAsync(CancellationToken.None);
        var fetch = Lap(clock);
        var (files, readErrors) = await Origin.ReadAsync(revision, limits, CancellationToken.None);
        var read = Lap(clock);
        // ManifestValidator.ParseAndValidate's two steps, timed apart.
        var parsed = ManifestLoader.Parse(files, limits);
        var parse = Lap(clock);
        var set = parsed with { Errors = [.. readErrors, .. parsed.Errors, .. ManifestValidator.Validate(parsed.Manifests, policies)] };
        var validate = Lap(clock);
        var live = new List<CustomResource>();
        foreach (var kind in PlacedKinds) live.AddRange((await Store.ListAsync(kind, null, CancellationToken.None)).Items);
        // No node has registered: as in SourceSync, the capacity check is skipped (fleet null).
        var refusals = set.Errors.Count > 0 ? set.Errors : SourceApproval.Check(set.Manifests, live, null, policies);
        var approve = Lap(clock);
        if (refusals.Count > 0 || set.Manifests.Count != expectedObjects)
            throw new InvalidOperationException($"{set.Manifests.Count} objects, {refusals.Count} errors, first: {(refusals.Count > 0 ? refusals[0] : null)}");
        await SourceApplier.ApplyAsync(Origin.Name, [.. set.Manifests.Select(m => m.Object)], Store, CancellationToken.None);
        var apply = Lap(clock);
        return new PhaseTimes(fetch, read, parse, validate, approve, apply);
    }

    /// <summary>
    /// Runs the real controllers over the store until every placed object has a status (admitted,
    /// then Unschedulable: no node has registered), then stops them. A live operator's objects carry
    /// such a status, which the approval merges into the desired objects, so commits are timed with it.
    /// </summary>
    public async Task<TimeSpan> SettleStatusesAsync(PolicySet policies, int placedObjects)
    {
        var clock = Stopwatch.StartNew();
        using var plane = new ControlPlane(Store, policies, TimeProvider.System, NullLoggerFactory.Instance, TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();
        var running = plane.RunAsync(stop.Token);
        while (await CountWithStatusAsync() < placedObjects)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("the controllers did not write every status in 5 minutes");
            await Task.Delay(200);
        }
        await stop.CancelAsync();
        await running.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return clock.Elapsed;
    }

    private async Task<int> CountWithStatusAsync()
    {
        var count = 0;
        foreach (var kind in PlacedKinds) count += (await Store.ListAsync(kind, null, CancellationToken.None)).Items.Count(o => o.StatusBase is not null);
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static TimeSpan Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed;
        clock.Restart();
        return elapsed;
    }
}
