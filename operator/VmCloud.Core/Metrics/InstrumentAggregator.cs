using System.Collections.Concurrent;

namespace VmCloud.Core.Metrics;

/// <summary>How measurements of an instrument combine into a series' value.</summary>
internal enum Aggregation
{
    /// <summary>Counter, UpDownCounter: measurements are increments, summed.</summary>
    Sum,

    /// <summary>Gauge: the last measurement is the value.</summary>
    LastValue,

    /// <summary>Observable instruments: the values observed at this scrape; earlier ones are dropped.</summary>
    Observed,

    /// <summary>Histogram: measurements counted into buckets.</summary>
    Buckets,
}

/// <summary>
/// One exported family and its series, fed by every instrument that exports under its name. Safe for
/// concurrent measurements; a snapshot sees each series' value as of when it is read.
/// </summary>
internal abstract class InstrumentAggregator(string name, string help, MetricType type, Aggregation aggregation, LabelNameCache labelNames)
{
    public string Name { get; } = name;

    public string Help { get; } = help;

    public MetricType Type { get; } = type;

    public Aggregation Aggregation { get; } = aggregation;

    protected LabelNameCache LabelNames { get; } = labelNames;

    /// <summary>Adds one measurement, already in the exported unit.</summary>
    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Forgets every series: observable instruments report afresh at each scrape.</summary>
    public abstract void Clear();

    /// <summary>The family as of now, series ordered by labels; null while it has no series.</summary>
    public abstract MetricFamily? Snapshot();

    protected static KeyValuePair<LabelSet, T>[] Sorted<T>(ConcurrentDictionary<LabelSet, T> series)
        where T : notnull
    {
        var entries = series.ToArray();
        Array.Sort(entries, static (a, b) => a.Key.CompareTo(b.Key));
        return entries;
    }
}

/// <summary>Counters and gauges: one double per series.</summary>
internal sealed class ValueAggregator(string name, string help, MetricType type, Aggregation aggregation, LabelNameCache labelNames)
    : InstrumentAggregator(name, help, type, aggregation, labelNames)
{
    private readonly ConcurrentDictionary<LabelSet, ValueCell> series = new();

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = series.GetOrAdd(LabelSet.From(tags, LabelNames, reserved: null), static _ => new ValueCell());
        if (Aggregation == Aggregation.Sum)
            cell.Add(value);
        else
            cell.Set(value);
    }

    public override void Clear() => series.Clear();

    public override MetricFamily? Snapshot()
    {
        var entries = Sorted(series);
        if (entries.Length == 0)
            return null;
        var samples = new Sample[entries.Length];
        for (var i = 0; i < entries.Length; i++)
            samples[i] = new Sample(entries[i].Key.Labels, entries[i].Value.Read());
        return MetricFamily.Trusted(Name, Help, Type, samples, []);
    }

    private sealed class ValueCell
    {
        private double value;

        public double Read() => Volatile.Read(ref value);

        public void Set(double next) => Volatile.Write(ref value, next);

        public void Add(double increment)
        {
            var current = Volatile.Read(ref value);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref value, current + increment, current);
                // Compare bits, not values: NaN never equals itself and would spin forever.
                if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
                    return;
                current = seen;
            }
        }
    }
}
