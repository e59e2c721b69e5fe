using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace VmCloud.Core.Metrics;

/// <summary>
/// Collects what /metrics serves: the instruments of the configured meters (through a
/// <see cref="MeterListener"/>) and the families that collectors compute at scrape time from state
/// (capacity, for instance). Counters export as <c>counter</c> with a <c>_total</c> suffix,
/// up-down counters and gauges as <c>gauge</c>, histograms as buckets; tags become labels, the
/// description HELP, and the unit a base-unit suffix (<c>vmcloud.reconcile.duration</c> in
/// <c>s</c> → <c>vmcloud_reconcile_duration_seconds</c>). Instruments of different meters that
/// export under one name share its series when they are of the same kind; an instrument whose
/// kind differs from the first one's is not exported.
/// </summary>
public sealed class MetricsRegistry : IDisposable
{
    private readonly MetricsRegistryOptions options;
    private readonly HashSet<string> meterNames;
    private readonly ConcurrentDictionary<string, InstrumentAggregator> aggregators = new(StringComparer.Ordinal);
    private readonly LabelNameCache labelNames = new();
    private readonly List<Func<IEnumerable<MetricFamily>>> collectors = [];
    private readonly Lock collecting = new();
    private readonly MeterListener listener;

    /// <summary>Starts listening to the meters of <paramref name="options"/>, including instruments created before.</summary>
    /// <exception cref="ArgumentException">The histogram bounds of the options are invalid.</exception>
    public MetricsRegistry(MetricsRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        meterNames = new HashSet<string>(options.MeterNames, StringComparer.Ordinal);
        listener = new MeterListener { InstrumentPublished = Publish };
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentBinding)state!).Record((double)value, tags));
        listener.Start();
    }

    /// <summary>Adds families computed at each scrape; dispose the result to stop.</summary>
    /// <param name="collect">Runs on the scraping thread; its families must not reuse another family's name.
    /// An exception it throws fails the scrape (a bug should be seen, not hidden as a missing family).</param>
    public IDisposable AddCollector(Func<IEnumerable<MetricFamily>> collect)
    {
        ArgumentNullException.ThrowIfNull(collect);
        lock (collectors)
            collectors.Add(collect);
        return new Registration(this, collect);
    }

    /// <summary>Every family as of now, by name: observable instruments are observed, collectors run.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        var families = new List<MetricFamily>();
        // One scrape at a time: observing clears and refills the observable instruments' series.
        lock (collecting)
        {
            foreach (var aggregator in aggregators.Values.Where(a => a.Aggregation == Aggregation.Observed))
                aggregator.Clear();
            listener.RecordObservableInstruments();
            foreach (var aggregator in aggregators.Values)
            {
                if (aggregator.Snapshot() is { } family)
                    families.Add(family);
            }
        }
        Func<IEnumerable<MetricFamily>>[] current;
        lock (collectors)
            current = [.. collectors];
        foreach (var collect in current)
            families.AddRange(collect());
        families.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return families;
    }

    /// <summary>Writes the exposition (<see cref="PrometheusTextFormat.ContentType"/>) of <see cref="Collect"/>.</summary>
    /// <exception cref="InvalidOperationException">Two families have the same name.</exception>
    public void WriteTo(TextWriter output) => PrometheusTextFormat.Write(output, Collect());

    /// <summary>The exposition of <see cref="Collect"/> as a string.</summary>
    public string Render() => PrometheusTextFormat.Render(Collect());

    /// <summary>Stops listening.</summary>
    public void Dispose() => listener.Dispose();

    private void Publish(Instrument instrument, MeterListener source)
    {
        if (!meterNames.Contains(instrument.Meter.Name) || InstrumentExport.Of(instrument) is not { } export)
            return;
        var aggregator = aggregators.GetOrAdd(export.Name, _ => CreateAggregator(instrument, export));
        if (aggregator.Type == export.Type && aggregator.Aggregation == export.Aggregation)
            source.EnableMeasurementEvents(instrument, new InstrumentBinding(aggregator, export.Unit.Scale));
    }

    private InstrumentAggregator CreateAggregator(Instrument instrument, InstrumentExport export)
    {
        if (export.Aggregation != Aggregation.Buckets)
            return new ValueAggregator(export.Name, export.Help, export.Type, export.Aggregation, labelNames);
        // Configured bounds first, then the instrument's advice (when usable), then the default.
        var advised = InstrumentExport.AdvisedBounds(instrument, export.Unit.Scale);
        var bounds = options.HistogramBoundaries.GetValueOrDefault(instrument.Name)
            ?? (MetricsRegistryOptions.AreValidBounds(advised) ? advised! : options.DefaultHistogramBoundaries);
        return new HistogramAggregator(export.Name, export.Help, [.. bounds], labelNames);
    }

    private sealed class Registration(MetricsRegistry registry, Func<IEnumerable<MetricFamily>> collect) : IDisposable
    {
        public void Dispose()
        {
            lock (registry.collectors)
                registry.collectors.Remove(collect);
        }
    }
}
