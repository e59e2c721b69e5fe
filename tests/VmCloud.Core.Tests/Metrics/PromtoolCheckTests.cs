using System.Diagnostics;
using System.Diagnostics.Metrics;
using VmCloud.Core.Metrics;
using VmCloud.Tests;

namespace VmCloud.Core.Tests.Metrics;

public sealed class PromtoolCheckTests
{
    [PromtoolFact]
    public async Task PromtoolCheckMetrics_AcceptsTheExposition_WithoutLintProblems()
    {
        using var meter = new Meter($"VmCloud.Tests.{Guid.NewGuid():N}");
        using var registry = new MetricsRegistry(new MetricsRegistryOptions { MeterNames = [meter.Name] });
        PublishEngineLikeInstruments(meter);
        using var capacity = registry.AddCollector(() =>
        [
            MetricFamily.Gauge("vmcloud_capacity_free_vcpus", "vCPUs still free after overcommit, per datacenter.",
                [new Sample([new Label("datacenter", "PAR-1")], 412), new Sample([new Label("datacenter", "FRA-1")], 0)]),
            MetricFamily.Gauge("vmcloud_odd_values", "Values \"quoted\", with a back\\slash\nand a newline.",
                [
                    new Sample([new Label("text", "a \"b\" \\ c\nd")], double.NaN),
                    new Sample([new Label("text", "plus")], double.PositiveInfinity),
                    new Sample([new Label("text", "minus")], double.NegativeInfinity),
                    new Sample([new Label("text", "tiny")], 1e-300),
                ]),
        ]);

        var exposition = registry.Render();
        var (exitCode, output) = await Promtool.CheckMetricsAsync(exposition);

        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics exited {exitCode}:\n{output}\n--- exposition ---\n{exposition}");
        Assert.Contains("# TYPE vmcloud_reconcile_duration_seconds histogram\n", exposition);
    }

    [PromtoolFact]
    public async Task PromtoolCheckMetrics_CatchesWhatTheLinterWouldReport()
    {
        // Proves the check above is not vacuous: a counter without _total is reported.
        var exposition = PrometheusTextFormat.Render([MetricFamily.Counter("vmcloud_errors", "Errors.", [new Sample([], 1)])]);

        var (exitCode, output) = await Promtool.CheckMetricsAsync(exposition);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("_total", output);
    }

    private static void PublishEngineLikeInstruments(Meter meter)
    {
        var duration = meter.CreateHistogram<double>("vmcloud.reconcile.duration", "s", "Time spent in one reconcile.");
        var errors = meter.CreateCounter<long>("vmcloud.reconcile.errors", description: "Reconciles that threw and were retried with backoff.");
        var relists = meter.CreateCounter<long>("vmcloud.watch.relists", description: "Full lists after a watch fell behind the store's history.");
        var rpc = meter.CreateHistogram("vmcloud.agent.rpc.duration", "ms", "Agent calls.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10, 100] });
        meter.CreateObservableGauge("vmcloud.workqueue.depth", () => new Measurement<int>(3, new KeyValuePair<string, object?>("kind", "VirtualServer")), description: "Keys ready and waiting for a worker.");
        meter.CreateUpDownCounter<long>("vmcloud.agent.connected", description: "Agents connected.").Add(2);
        foreach (var outcome in new[] { "done", "waiting", "error" })
            duration.Record(0.02, new TagList { { "kind", "VirtualServer" }, { "controller", "VirtualServerReconciler" }, { "outcome", outcome } });
        errors.Add(1, new TagList { { "kind", "VirtualServer" }, { "controller", "VirtualServerReconciler" } });
        relists.Add(1, new KeyValuePair<string, object?>("kind", "Volume"));
        rpc.Record(42, new KeyValuePair<string, object?>("node", "gpu-par1-07"));
    }
}
