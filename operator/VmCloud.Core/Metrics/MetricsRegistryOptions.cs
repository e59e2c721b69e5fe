namespace VmCloud.Core.Metrics;

/// <summary>What a <see cref="MetricsRegistry"/> listens to and how it buckets histograms.</summary>
public sealed record MetricsRegistryOptions
{
    /// <summary>Prometheus' default buckets, in seconds: 5 ms to 10 s.</summary>
    public static IReadOnlyList<double> DefaultSecondsBoundaries { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The meters whose instruments are exported, by exact name, e.g. <c>VmCloud.Engine</c>.</summary>
    public IReadOnlyCollection<string> MeterNames { get; init; } = [];

    /// <summary>Bucket bounds, in the exported (base) unit, of histograms that neither
    /// <see cref="HistogramBoundaries"/> nor the instrument's advice cover.</summary>
    public IReadOnlyList<double> DefaultHistogramBoundaries { get; init; } = DefaultSecondsBoundaries;

    /// <summary>Bucket bounds by instrument name, in the exported (base) unit; they win over the
    /// instrument's own <c>InstrumentAdvice</c> boundaries.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> HistogramBoundaries { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>Throws when a bound list is empty, not finite or not strictly increasing.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(MeterNames);
        CheckBounds("DefaultHistogramBoundaries", DefaultHistogramBoundaries);
        foreach (var (instrument, bounds) in HistogramBoundaries)
            CheckBounds($"HistogramBoundaries[{instrument}]", bounds);
    }

    /// <summary>Whether <paramref name="bounds"/> can bucket a histogram: non-empty, finite, strictly increasing.</summary>
    internal static bool AreValidBounds(IReadOnlyList<double>? bounds)
    {
        if (bounds is null || bounds.Count == 0)
            return false;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
                return false;
        }
        return true;
    }

    private static void CheckBounds(string option, IReadOnlyList<double> bounds)
    {
        if (!AreValidBounds(bounds))
            throw new ArgumentException($"{option} must list finite bucket bounds in strictly increasing order; +Inf is implied.");
    }
}
