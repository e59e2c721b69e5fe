using System.Diagnostics.Metrics;

namespace VmCloud.Core.Metrics;

/// <summary>
/// How one instrument is exported: its family's type, aggregation and name, and the factor that
/// converts its measurements into the family's base unit.
/// </summary>
internal sealed record InstrumentExport(string Name, string Help, MetricType Type, Aggregation Aggregation, PrometheusUnit Unit)
{
    /// <summary>The export of <paramref name="instrument"/>, or null for a kind of instrument this registry does not know.</summary>
    public static InstrumentExport? Of(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType)
            return null;
        var definition = instrument.GetType().GetGenericTypeDefinition();
        (MetricType Type, Aggregation Aggregation)? kind =
            definition == typeof(Counter<>) ? (MetricType.Counter, Aggregation.Sum)
            : definition == typeof(UpDownCounter<>) ? (MetricType.Gauge, Aggregation.Sum)
            : definition == typeof(Gauge<>) ? (MetricType.Gauge, Aggregation.LastValue)
            : definition == typeof(ObservableCounter<>) ? (MetricType.Counter, Aggregation.Observed)
            : definition == typeof(ObservableUpDownCounter<>) ? (MetricType.Gauge, Aggregation.Observed)
            : definition == typeof(ObservableGauge<>) ? (MetricType.Gauge, Aggregation.Observed)
            : definition == typeof(Histogram<>) ? (MetricType.Histogram, Aggregation.Buckets)
            : null;
        if (kind is not { } known)
            return null;
        var unit = PrometheusUnit.From(instrument.Unit);
        var help = string.IsNullOrWhiteSpace(instrument.Description)
            ? $"{instrument.Name} of meter {instrument.Meter.Name}."
            : instrument.Description;
        return new InstrumentExport(PrometheusNames.ForInstrument(instrument.Name, unit, known.Type), help, known.Type, known.Aggregation, unit);
    }

    /// <summary>The bucket bounds the instrument advises, converted to the base unit; null without advice.</summary>
    public static IReadOnlyList<double>? AdvisedBounds(Instrument instrument, double scale)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Instrument<double> i => i.Advice?.HistogramBucketBoundaries,
            Instrument<float> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<long> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<short> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<byte> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<decimal> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        return advised?.Select(b => b * scale).ToArray();
    }
}

/// <summary>The state a measurement callback receives: the aggregator and the unit conversion of its instrument.</summary>
internal sealed class InstrumentBinding(InstrumentAggregator aggregator, double scale)
{
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        aggregator.Record(scale == 1 ? value : value * scale, tags);
}
