using System.Text.RegularExpressions;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>
/// The metric names of docs/metrics.md, read from its tables (rows like
/// <c>| `vmcloud_x_total` | counter | labels | meaning |</c>), with their types.
/// </summary>
internal sealed partial class MetricsContract(IReadOnlyDictionary<string, string> types)
{
    private static readonly string[] HistogramSeries = ["_bucket", "_sum", "_count"];

    /// <summary>Names Prometheus itself provides, usable in rules and dashboards.</summary>
    public static IReadOnlySet<string> PrometheusNames { get; } = new HashSet<string>(StringComparer.Ordinal) { "up" };

    /// <summary>Each documented name and its type (counter, gauge, histogram).</summary>
    public IReadOnlyDictionary<string, string> Types { get; } = types;

    public static MetricsContract Load(string path) => Parse(File.ReadAllText(path));

    public static MetricsContract Parse(string markdown) =>
        new(TableRow().Matches(markdown).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value.Trim(), StringComparer.Ordinal));

    /// <summary>
    /// The documented name a series name belongs to: a histogram's <c>_bucket</c>, <c>_sum</c> and
    /// <c>_count</c> series map to the histogram; anything else maps to itself.
    /// </summary>
    public string Family(string series)
    {
        foreach (var suffix in HistogramSeries)
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal)
                && Types.TryGetValue(series[..^suffix.Length], out var type) && type == "histogram")
                return series[..^suffix.Length];
        }
        return series;
    }

    /// <summary>Whether rules and dashboards may use the series name.</summary>
    public bool Allows(string series) => PrometheusNames.Contains(series) || Types.ContainsKey(Family(series));

    [GeneratedRegex(@"^\|\s*`(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)`\s*\|\s*(?<type>[a-z]+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
