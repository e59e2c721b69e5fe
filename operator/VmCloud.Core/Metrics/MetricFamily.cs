namespace VmCloud.Core.Metrics;

/// <summary>The Prometheus metric types this project exposes.</summary>
public enum MetricType
{
    /// <summary>A total that only goes up (reset on restart); its name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Observations counted in cumulative buckets, with their sum and count.</summary>
    Histogram,
}

/// <summary>One label of a series.</summary>
/// <param name="Name">Matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c> and does not start with <c>__</c>.</param>
/// <param name="Value">Any text; the writer escapes it.</param>
public readonly record struct Label(string Name, string Value);

/// <summary>One series of a counter or gauge.</summary>
/// <param name="Labels">The series' labels, names unique.</param>
/// <param name="Value">The current value.</param>
public sealed record Sample(IReadOnlyList<Label> Labels, double Value);

/// <summary>One series of a histogram.</summary>
/// <param name="Labels">The series' labels, names unique, without <c>le</c>.</param>
/// <param name="UpperBounds">The finite bucket bounds, strictly increasing; <c>+Inf</c> is implied.</param>
/// <param name="BucketCounts">Observations per bucket, NOT cumulative: one count per bound, then the
/// observations above the last bound (so one more than <paramref name="UpperBounds"/>).</param>
/// <param name="Sum">The sum of the observations.</param>
public sealed record HistogramSample(IReadOnlyList<Label> Labels, IReadOnlyList<double> UpperBounds, IReadOnlyList<long> BucketCounts, double Sum)
{
    /// <summary>The number of observations.</summary>
    public long Count
    {
        get
        {
            long count = 0;
            for (var i = 0; i < BucketCounts.Count; i++)
                count += BucketCounts[i];
            return count;
        }
    }
}

/// <summary>
/// A metric family: one name, HELP text and type, with its series. Build one with
/// <see cref="Counter"/>, <see cref="Gauge"/> or <see cref="Histogram"/>, which validate names,
/// labels and buckets so that whatever is built renders to a valid exposition.
/// </summary>
public sealed class MetricFamily
{
    private MetricFamily(string name, string help, MetricType type, IReadOnlyList<Sample> samples, IReadOnlyList<HistogramSample> histograms)
    {
        Name = name;
        Help = help;
        Type = type;
        Samples = samples;
        Histograms = histograms;
    }

    /// <summary>The family name, e.g. <c>vmcloud_reconcile_errors_total</c>.</summary>
    public string Name { get; }

    /// <summary>What the metric means; the writer escapes it.</summary>
    public string Help { get; }

    /// <summary>Counter, gauge or histogram.</summary>
    public MetricType Type { get; }

    /// <summary>The series of a counter or gauge, in writing order; empty for a histogram.</summary>
    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>The series of a histogram, in writing order; empty otherwise.</summary>
    public IReadOnlyList<HistogramSample> Histograms { get; }

    /// <summary>A counter family; values must not be negative.</summary>
    /// <exception cref="ArgumentException">A name, label or value is invalid, or two series have the same labels.</exception>
    public static MetricFamily Counter(string name, string help, IReadOnlyList<Sample> samples)
    {
        MetricFamilyChecks.Check(name, help, samples, counter: true);
        return new MetricFamily(name, help, MetricType.Counter, samples, []);
    }

    /// <summary>A gauge family.</summary>
    /// <exception cref="ArgumentException">A name or label is invalid, or two series have the same labels.</exception>
    public static MetricFamily Gauge(string name, string help, IReadOnlyList<Sample> samples)
    {
        MetricFamilyChecks.Check(name, help, samples, counter: false);
        return new MetricFamily(name, help, MetricType.Gauge, samples, []);
    }

    /// <summary>A histogram family.</summary>
    /// <exception cref="ArgumentException">A name, label or bucket is invalid, or two series have the same labels.</exception>
    public static MetricFamily Histogram(string name, string help, IReadOnlyList<HistogramSample> samples)
    {
        MetricFamilyChecks.Check(name, help, samples);
        return new MetricFamily(name, help, MetricType.Histogram, [], samples);
    }

    /// <summary>A family whose parts the registry built valid by construction: skips the checks.</summary>
    internal static MetricFamily Trusted(string name, string help, MetricType type, IReadOnlyList<Sample> samples, IReadOnlyList<HistogramSample> histograms) =>
        new(name, help, type, samples, histograms);
}
