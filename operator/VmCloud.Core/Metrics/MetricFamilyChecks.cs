using System.Text;

namespace VmCloud.Core.Metrics;

/// <summary>
/// The rules a family must follow to render into an exposition Prometheus accepts. A broken family
/// is a bug in the code that built it, so it fails loudly where it is built, not at scrape time.
/// </summary>
internal static class MetricFamilyChecks
{
    public static void Check(string name, string help, IReadOnlyList<Sample> samples, bool counter)
    {
        CheckFamily(name, help, samples);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            ArgumentNullException.ThrowIfNull(sample, nameof(samples));
            CheckLabels(name, sample.Labels, seen, histogram: false);
            if (counter && sample.Value < 0)
                throw new ArgumentException($"Counter {name} has a negative value {sample.Value}; counters only go up.", nameof(samples));
        }
    }

    public static void Check(string name, string help, IReadOnlyList<HistogramSample> samples)
    {
        CheckFamily(name, help, samples);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            ArgumentNullException.ThrowIfNull(sample, nameof(samples));
            CheckLabels(name, sample.Labels, seen, histogram: true);
            CheckBuckets(name, sample);
        }
    }

    private static void CheckFamily<T>(string name, string help, IReadOnlyList<T> samples)
    {
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(samples);
        if (!PrometheusNames.IsMetricName(name))
            throw new ArgumentException($"\"{name}\" is not a metric name: [a-zA-Z_:][a-zA-Z0-9_:]*.", nameof(name));
    }

    private static void CheckLabels(string family, IReadOnlyList<Label> labels, HashSet<string> seen, bool histogram)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Count; i++)
        {
            var (name, value) = labels[i];
            if (!PrometheusNames.IsLabelName(name) || name.StartsWith("__", StringComparison.Ordinal))
                throw new ArgumentException($"{family}: \"{name}\" is not a label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __.");
            if (value is null)
                throw new ArgumentException($"{family}: label {name} has a null value; use \"\" for none.");
            if (histogram && name == "le")
                throw new ArgumentException($"{family}: a histogram series may not have its own \"le\" label; it holds the bucket bound.");
            for (var j = 0; j < i; j++)
            {
                if (labels[j].Name == name)
                    throw new ArgumentException($"{family}: label {name} appears twice in one series.");
            }
        }
        if (!seen.Add(Key(labels)))
            throw new ArgumentException($"{family}: two series have the same labels {{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}.");
    }

    private static void CheckBuckets(string family, HistogramSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample.UpperBounds);
        ArgumentNullException.ThrowIfNull(sample.BucketCounts);
        if (sample.BucketCounts.Count != sample.UpperBounds.Count + 1)
            throw new ArgumentException($"{family}: {sample.UpperBounds.Count} bounds need {sample.UpperBounds.Count + 1} bucket counts (the last for +Inf), not {sample.BucketCounts.Count}.");
        for (var i = 0; i < sample.UpperBounds.Count; i++)
        {
            var bound = sample.UpperBounds[i];
            if (!double.IsFinite(bound) || (i > 0 && bound <= sample.UpperBounds[i - 1]))
                throw new ArgumentException($"{family}: bucket bounds must be finite and strictly increasing; +Inf is implied.");
        }
        for (var i = 0; i < sample.BucketCounts.Count; i++)
        {
            if (sample.BucketCounts[i] < 0)
                throw new ArgumentException($"{family}: bucket counts may not be negative.");
        }
    }

    // Label order does not make two series different, so the key sorts by name; lengths prefix
    // each part because names and values may contain any separator.
    private static string Key(IReadOnlyList<Label> labels)
    {
        var key = new StringBuilder();
        foreach (var (name, value) in labels.OrderBy(l => l.Name, StringComparer.Ordinal))
            key.Append(name.Length).Append(':').Append(name).Append(value.Length).Append(':').Append(value);
        return key.ToString();
    }
}
