using System.Collections.Concurrent;

namespace VmCloud.Core.Metrics;

/// <summary>Histograms: per series, a count per bucket and the sum, over fixed bucket bounds.</summary>
internal sealed class HistogramAggregator(string name, string help, double[] upperBounds, LabelNameCache labelNames)
    : InstrumentAggregator(name, help, MetricType.Histogram, Aggregation.Buckets, labelNames)
{
    private readonly ConcurrentDictionary<LabelSet, HistogramCell> series = new();

    /// <summary>The finite bucket bounds, strictly increasing.</summary>
    public IReadOnlyList<double> UpperBounds => upperBounds;

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // "le" holds the bucket bound, so a tag of that name is renamed rather than clash with it.
        var labels = LabelSet.From(tags, LabelNames, reserved: "le");
        series.GetOrAdd(labels, static (_, bucketCount) => new HistogramCell(bucketCount), upperBounds.Length + 1)
            .Observe(Bucket(value), value);
    }

    public override void Clear() => series.Clear();

    public override MetricFamily? Snapshot()
    {
        var entries = Sorted(series);
        if (entries.Length == 0)
            return null;
        var samples = new HistogramSample[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var (counts, sum) = entries[i].Value.Read();
            samples[i] = new HistogramSample(entries[i].Key.Labels, upperBounds, counts, sum);
        }
        return MetricFamily.Trusted(Name, Help, Type, [], samples);
    }

    // The first bucket whose bound is >= the value (buckets are "less than or equal"); NaN and
    // values above every bound go to the +Inf bucket, as Prometheus clients do.
    private int Bucket(double value)
    {
        if (double.IsNaN(value))
            return upperBounds.Length;
        var index = Array.BinarySearch(upperBounds, value);
        return index >= 0 ? index : ~index;
    }

    private sealed class HistogramCell(int bucketCount)
    {
        private readonly Lock gate = new();
        private readonly long[] counts = new long[bucketCount];
        private double sum;

        public void Observe(int bucket, double value)
        {
            lock (gate)
            {
                counts[bucket]++;
                sum += value;
            }
        }

        /// <summary>A consistent copy: the counts and the sum of the same observations.</summary>
        public (long[] Counts, double Sum) Read()
        {
            lock (gate)
                return ((long[])counts.Clone(), sum);
        }
    }
}
