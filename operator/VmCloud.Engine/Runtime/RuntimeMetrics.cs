using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// The runtime's instruments on the <c>VmCloud.Engine</c> meter; the metrics endpoint exports them.
/// Tags: <c>kind</c> and <c>controller</c> (the reconciler's type name), plus <c>outcome</c> on durations.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    /// <summary>The meter name every engine instrument is published under.</summary>
    public const string MeterName = "VmCloud.Engine";

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Histogram<double> duration;
    private readonly Counter<long> errors;
    private readonly Counter<long> relists;

    public RuntimeMetrics(IMeterFactory? meterFactory, Func<IEnumerable<Measurement<int>>> queueDepths)
    {
        // Without a factory (tests, benchmarks) the runtime owns its meter and disposes it.
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        duration = meter.CreateHistogram<double>("vmcloud.reconcile.duration", "s", "Time spent in one reconcile.");
        errors = meter.CreateCounter<long>("vmcloud.reconcile.errors", description: "Reconciles that threw and were retried with backoff.");
        relists = meter.CreateCounter<long>("vmcloud.watch.relists", description: "Full lists after a watch fell behind the store's history.");
        meter.CreateObservableGauge("vmcloud.workqueue.depth", queueDepths, description: "Keys ready and waiting for a worker.");
    }

    public void Reconciled(string kind, string controller, string outcome, TimeSpan elapsed) =>
        duration.Record(elapsed.TotalSeconds, new TagList { { "kind", kind }, { "controller", controller }, { "outcome", outcome } });

    public void Failed(string kind, string controller) =>
        errors.Add(1, new TagList { { "kind", kind }, { "controller", controller } });

    public void Relisted(string kind) => relists.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Starts a controller's error series and its kind's relist series at 0: an alert on increase() then sees the first one.</summary>
    public void Registered(string kind, string controller)
    {
        errors.Add(0, new TagList { { "kind", kind }, { "controller", controller } });
        relists.Add(0, new KeyValuePair<string, object?>("kind", kind));
    }

    public void Dispose()
    {
        if (ownsMeter) meter.Dispose();
    }
}
