using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VmCloud.Engine.Sources;

/// <summary>
/// The sources' instruments on the <c>VmCloud.Engine</c> meter: syncs by result and their duration,
/// webhook wake-ups, and per source whether it is failing, its consecutive fetch failures, when
/// it last applied a revision and which commit, and how many commits it refused — what an alert on a
/// stuck or unreachable repository needs.
/// </summary>
public sealed class SourceMetrics : IDisposable
{
    private readonly Meter meter = new("VmCloud.Engine");
    private readonly Histogram<double> duration;
    private readonly Counter<long> wakes;
    private readonly ConcurrentDictionary<string, SourceSync> sources = new();

    /// <summary>Creates the instruments.</summary>
    public SourceMetrics()
    {
        duration = meter.CreateHistogram<double>("vmcloud.source.sync.duration", "s", "Time of one source sync, by result: applied, refused, fetch_failed, error.");
        wakes = meter.CreateCounter<long>("vmcloud.source.wakeups", description: "Syncs asked for by a webhook push.");
        meter.CreateObservableGauge("vmcloud.source.failing", () => Each(s => s.LastSync is { Applied: false } ? 1 : 0),
            description: "1 while the source's current revision is refused or cannot be fetched.");
        meter.CreateObservableGauge("vmcloud.source.last.applied", () => Each(s => s.LastAppliedAt?.ToUnixTimeSeconds() ?? 0),
            "s", "When the source last applied a revision, as a Unix time.");
        meter.CreateObservableGauge("vmcloud.source.fetch.failures", () => Each(s => (long)s.ConsecutiveFetchFailures),
            description: "Fetches of the source that failed in a row.");
        meter.CreateObservableGauge("vmcloud.source.info", Applied,
            description: "1 for each source that applied a revision, with the commit applied last (empty for a folder source).");
        meter.CreateObservableCounter("vmcloud.source.commits.refused", () => Each(s => s.CommitsRefused),
            description: "Commits refused by validation, approval or capacity, each once however often it is synced again.");
    }

    /// <summary>Follows a source in the gauges.</summary>
    public void Track(SourceSync sync)
    {
        sources[sync.Name] = sync;
        // A series at 0 from the start, so an alert on increase() sees the first wake-up.
        wakes.Add(0, new KeyValuePair<string, object?>("source", sync.Name));
    }

    /// <summary>Counts a sync.</summary>
    public void Synced(string source, string result, TimeSpan elapsed) =>
        duration.Record(elapsed.TotalSeconds, new TagList { { "source", source }, { "result", result } });

    /// <summary>Counts a wake-up.</summary>
    public void Woken(string source) => wakes.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> Applied() => sources.Values
        .Where(s => s.LastAppliedAt is not null)
        .Select(s => new Measurement<long>(1, new KeyValuePair<string, object?>("source", s.Name), new KeyValuePair<string, object?>("commit", s.LastAppliedCommit ?? "")));

    private IEnumerable<Measurement<long>> Each(Func<SourceSync, long> value) =>
        sources.Values.Select(s => new Measurement<long>(value(s), new KeyValuePair<string, object?>("source", s.Name)));
}
