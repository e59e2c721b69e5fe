using VmCloud.Core.Metrics;

namespace VmCloud.Agent.Metrics;

/// <summary>A thread-safe histogram with fixed bounds, read as a <see cref="HistogramSample"/>.</summary>
/// <param name="upperBounds">The finite bucket bounds, strictly increasing.</param>
internal sealed class Histogram(IReadOnlyList<double> upperBounds)
{
    private readonly Lock gate = new();
    private readonly long[] counts = new long[upperBounds.Count + 1];
    private double sum;

    public void Observe(double value)
    {
        var bucket = 0;
        while (bucket < upperBounds.Count && value > upperBounds[bucket]) bucket++;
        lock (gate)
        {
            counts[bucket]++;
            sum += value;
        }
    }

    public HistogramSample Sample(IReadOnlyList<Label> labels)
    {
        lock (gate) return new HistogramSample(labels, upperBounds, [.. counts], sum);
    }
}
