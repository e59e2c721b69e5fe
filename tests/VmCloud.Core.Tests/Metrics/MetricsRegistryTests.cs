using System.Diagnostics;
using System.Diagnostics.Metrics;
using VmCloud.Core.Metrics;

namespace VmCloud.Core.Tests.Metrics;

public sealed class MetricsRegistryTests : IDisposable
{
    // A meter name of its own, so tests running in parallel never see each other's instruments.
    private readonly Meter meter = new($"VmCloud.Tests.{Guid.NewGuid():N}");
    private readonly MetricsRegistry registry;

    public MetricsRegistryTests() => registry = new MetricsRegistry(new MetricsRegistryOptions { MeterNames = [meter.Name] });

    public void Dispose()
    {
        registry.Dispose();
        meter.Dispose();
    }

    [Fact]
    public void Counter_ExportsATotalPerTagSet_WithTheDescriptionAsHelp()
    {
        var errors = meter.CreateCounter<long>("vmcloud.reconcile.errors", description: "Reconciles that threw.");
        errors.Add(1, new TagList { { "kind", "VirtualServer" }, { "controller", "VirtualServerReconciler" } });
        errors.Add(2, new TagList { { "controller", "VirtualServerReconciler" }, { "kind", "VirtualServer" } });
        errors.Add(1, new KeyValuePair<string, object?>("kind", "Volume"), new KeyValuePair<string, object?>("controller", "VolumeReconciler"));

        Assert.Equal(
            """
            # HELP vmcloud_reconcile_errors_total Reconciles that threw.
            # TYPE vmcloud_reconcile_errors_total counter
            vmcloud_reconcile_errors_total{controller="VirtualServerReconciler",kind="VirtualServer"} 3
            vmcloud_reconcile_errors_total{controller="VolumeReconciler",kind="Volume"} 1

            """.ReplaceLineEndings("\n"),
            registry.Render());
    }

    [Fact]
    public void UpDownCounter_IsAGaugeOfTheRunningSum()
    {
        var inFlight = meter.CreateUpDownCounter<int>("vmcloud.agent.inflight", description: "Agent calls in flight.");
        inFlight.Add(3);
        inFlight.Add(-1);

        var family = Assert.Single(registry.Collect());

        Assert.Equal(("vmcloud_agent_inflight", MetricType.Gauge, 2d), (family.Name, family.Type, Assert.Single(family.Samples).Value));
    }

    [Fact]
    public void ObservableGauge_IsObservedAtEachScrape_AndDropsSeriesNoLongerReported()
    {
        var depths = new List<Measurement<int>> { new(4, new KeyValuePair<string, object?>("kind", "VirtualServer")), new(1, new KeyValuePair<string, object?>("kind", "Volume")) };
        meter.CreateObservableGauge("vmcloud.workqueue.depth", () => depths, description: "Keys waiting.");

        var first = Assert.Single(registry.Collect());
        depths.RemoveAt(1);
        var second = Assert.Single(registry.Collect());

        Assert.Equal(MetricType.Gauge, first.Type);
        Assert.Equal([("VirtualServer", 4d), ("Volume", 1d)], first.Samples.Select(s => (s.Labels.Single().Value, s.Value)));
        Assert.Equal([("VirtualServer", 4d)], second.Samples.Select(s => (s.Labels.Single().Value, s.Value)));
    }

    [Fact]
    public void Histogram_CountsIntoTheDefaultSecondsBuckets_PerTagSet()
    {
        var duration = meter.CreateHistogram<double>("vmcloud.reconcile.duration", "s", "Time spent in one reconcile.");
        duration.Record(0.003, new KeyValuePair<string, object?>("outcome", "done"));
        duration.Record(0.2, new KeyValuePair<string, object?>("outcome", "done"));
        duration.Record(30, new KeyValuePair<string, object?>("outcome", "done"));
        duration.Record(0.01, new KeyValuePair<string, object?>("outcome", "error"));

        var family = Assert.Single(registry.Collect());

        Assert.Equal(("vmcloud_reconcile_duration_seconds", MetricType.Histogram), (family.Name, family.Type));
        var done = family.Histograms[0];
        Assert.Equal([new Label("outcome", "done")], done.Labels);
        Assert.Equal(MetricsRegistryOptions.DefaultSecondsBoundaries, done.UpperBounds);
        Assert.Equal([1L, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], done.BucketCounts);
        Assert.Equal((30.203, 3L), (done.Sum, done.Count));
        Assert.Equal([new Label("outcome", "error")], family.Histograms[1].Labels);
        Assert.Equal(1, family.Histograms[1].BucketCounts[1]);
    }

    [Fact]
    public void Histogram_UsesTheInstrumentsAdvisedBounds_ConvertedToSeconds()
    {
        var rpc = meter.CreateHistogram("vmcloud.agent.rpc.duration", "ms", "Agent call time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 100, 1000] });
        rpc.Record(50);
        rpc.Record(100);
        rpc.Record(5000);

        var histogram = Assert.Single(Assert.Single(registry.Collect()).Histograms);

        Assert.Equal([0.01, 0.1, 1], histogram.UpperBounds);
        Assert.Equal([0L, 2, 0, 1], histogram.BucketCounts);
        Assert.Equal(5.15, histogram.Sum, precision: 12);
    }

    [Fact]
    public void Histogram_ConfiguredBoundsWinOverAdvice()
    {
        using var configured = new MetricsRegistry(new MetricsRegistryOptions
        {
            MeterNames = [meter.Name],
            HistogramBoundaries = new Dictionary<string, IReadOnlyList<double>> { ["vmcloud.size"] = [1024, 1048576] },
        });
        var size = meter.CreateHistogram("vmcloud.size", "By", "Object sizes.", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1] });
        size.Record(2048);

        var family = Assert.Single(configured.Collect());
        var histogram = Assert.Single(family.Histograms);

        Assert.Equal("vmcloud_size_bytes", family.Name);
        Assert.Equal([1024d, 1048576], histogram.UpperBounds);
        Assert.Equal([0L, 1, 0], histogram.BucketCounts);
    }

    [Fact]
    public void Histogram_RenamesATagCalledLe()
    {
        meter.CreateHistogram<double>("vmcloud.h", "s").Record(1, new KeyValuePair<string, object?>("le", "x"));

        Assert.Contains("vmcloud_h_seconds_bucket{tag_le=\"x\",le=\"1\"} 1\n", registry.Render());
    }

    [Fact]
    public void Tags_BecomeLabelNames_AndInvariantValues()
    {
        var counter = meter.CreateCounter<double>("vmcloud.bytes.sent", "By");
        counter.Add(1.5, new KeyValuePair<string, object?>("http.route", "/api"), new KeyValuePair<string, object?>("code", 200),
            new KeyValuePair<string, object?>("ratio", 0.5), new KeyValuePair<string, object?>("tls", true), new KeyValuePair<string, object?>("none", null));

        Assert.Contains("vmcloud_bytes_sent_bytes_total{code=\"200\",http_route=\"/api\",none=\"\",ratio=\"0.5\",tls=\"true\"} 1.5\n", registry.Render());
    }

    [Fact]
    public void InstrumentsOfOtherMeters_AreNotExported()
    {
        using var other = new Meter($"VmCloud.Other.{Guid.NewGuid():N}");
        other.CreateCounter<long>("vmcloud.other").Add(1);

        Assert.Empty(registry.Collect());
    }

    [Fact]
    public void InstrumentsCreatedBeforeTheRegistry_AreExported()
    {
        using var early = new Meter($"VmCloud.Early.{Guid.NewGuid():N}");
        var counter = early.CreateCounter<long>("vmcloud.early");
        using var late = new MetricsRegistry(new MetricsRegistryOptions { MeterNames = [early.Name] });
        counter.Add(7);

        Assert.Equal(7, Assert.Single(Assert.Single(late.Collect()).Samples).Value);
    }

    [Fact]
    public void Collector_AddsFamiliesAtScrapeTime_UntilDisposed()
    {
        var free = 12;
        var registration = registry.AddCollector(() =>
            [MetricFamily.Gauge("vmcloud_capacity_free_vcpus", "Free vCPUs.", [new Sample([new Label("datacenter", "PAR-1")], free)])]);
        meter.CreateCounter<long>("vmcloud.zz").Add(1);

        var first = registry.Collect();
        free = 10;
        var second = registry.Collect();
        registration.Dispose();
        var third = registry.Collect();

        Assert.Equal(["vmcloud_capacity_free_vcpus", "vmcloud_zz_total"], first.Select(f => f.Name));
        Assert.Equal(10, second[0].Samples[0].Value);
        Assert.Equal(["vmcloud_zz_total"], third.Select(f => f.Name));
    }

    [Fact]
    public void Render_RefusesACollectorFamilyThatAnInstrumentAlreadyExports()
    {
        meter.CreateCounter<long>("vmcloud.clash").Add(1);
        using var clash = registry.AddCollector(() => [MetricFamily.Counter("vmcloud_clash_total", "Clash.", [])]);

        Assert.Throws<InvalidOperationException>(() => registry.Render());
    }

    [Fact]
    public void InstrumentsOfOneNameAndKind_ShareTheirSeries()
    {
        using var second = new Meter(meter.Name);
        meter.CreateCounter<long>("vmcloud.shared").Add(1);
        second.CreateCounter<int>("vmcloud.shared").Add(2);
        second.CreateHistogram<double>("vmcloud.shared.total").Record(1);

        var family = Assert.Single(registry.Collect());

        Assert.Equal(("vmcloud_shared_total", MetricType.Counter, 3d), (family.Name, family.Type, Assert.Single(family.Samples).Value));
    }

    [Fact]
    public void Options_RefuseBoundsThatAreNotStrictlyIncreasing()
    {
        Assert.Throws<ArgumentException>(() => new MetricsRegistry(new MetricsRegistryOptions { DefaultHistogramBoundaries = [1, 1] }));
    }
}
