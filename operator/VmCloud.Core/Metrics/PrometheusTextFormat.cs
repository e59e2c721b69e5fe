using System.Globalization;
using System.Text;

namespace VmCloud.Core.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: <c># HELP</c> and
/// <c># TYPE</c> per family, families by name, series in the order given, histograms as cumulative
/// <c>_bucket{le=…}</c> lines ending in <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>.
/// Values are written straight to the writer: no string per sample.
/// </summary>
public static class PrometheusTextFormat
{
    /// <summary>The Content-Type of a /metrics response in this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes <paramref name="families"/>, sorted by name (ordinal).</summary>
    /// <exception cref="InvalidOperationException">Two families have the same name.</exception>
    public static void Write(TextWriter output, IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(families);
        var sorted = families.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0 && sorted[i].Name == sorted[i - 1].Name)
                throw new InvalidOperationException($"Metric family {sorted[i].Name} is produced twice; a name may appear once per exposition.");
            WriteFamily(output, sorted[i]);
        }
    }

    /// <summary>The exposition of <paramref name="families"/> as one string.</summary>
    public static string Render(IEnumerable<MetricFamily> families)
    {
        var output = new StringWriter(new StringBuilder(4096), CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(output, families);
        return output.ToString();
    }

    /// <summary>A value as Prometheus parses it: shortest round-trip, invariant, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatValue(double value)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        WriteValue(output, value);
        return output.ToString();
    }

    private static void WriteFamily(TextWriter output, MetricFamily family)
    {
        output.Write("# HELP ");
        output.Write(family.Name);
        output.Write(' ');
        WriteEscaped(output, family.Help, escapeQuote: false);
        output.Write("\n# TYPE ");
        output.Write(family.Name);
        output.Write(family.Type switch
        {
            MetricType.Counter => " counter\n",
            MetricType.Gauge => " gauge\n",
            _ => " histogram\n",
        });
        foreach (var sample in family.Samples)
            WriteSample(output, family.Name, null, sample.Labels, null, sample.Value);
        foreach (var histogram in family.Histograms)
            WriteHistogram(output, family.Name, histogram);
    }

    private static void WriteHistogram(TextWriter output, string name, HistogramSample histogram)
    {
        long cumulative = 0;
        for (var i = 0; i < histogram.UpperBounds.Count; i++)
        {
            cumulative += histogram.BucketCounts[i];
            WriteSample(output, name, "_bucket", histogram.Labels, histogram.UpperBounds[i], cumulative);
        }
        cumulative += histogram.BucketCounts[^1];
        WriteSample(output, name, "_bucket", histogram.Labels, double.PositiveInfinity, cumulative);
        WriteSample(output, name, "_sum", histogram.Labels, null, histogram.Sum);
        WriteSample(output, name, "_count", histogram.Labels, null, cumulative);
    }

    private static void WriteSample(TextWriter output, string name, string? suffix, IReadOnlyList<Label> labels, double? le, double value)
    {
        output.Write(name);
        if (suffix is not null)
            output.Write(suffix);
        if (labels.Count > 0 || le is not null)
        {
            output.Write('{');
            for (var i = 0; i < labels.Count; i++)
            {
                if (i > 0)
                    output.Write(',');
                output.Write(labels[i].Name);
                output.Write("=\"");
                WriteEscaped(output, labels[i].Value, escapeQuote: true);
                output.Write('"');
            }
            if (le is { } bound)
            {
                output.Write(labels.Count > 0 ? ",le=\"" : "le=\"");
                WriteValue(output, bound);
                output.Write('"');
            }
            output.Write('}');
        }
        output.Write(' ');
        WriteValue(output, value);
        output.Write('\n');
    }

    private static void WriteValue(TextWriter output, double value)
    {
        if (double.IsNaN(value))
            output.Write("NaN");
        else if (double.IsPositiveInfinity(value))
            output.Write("+Inf");
        else if (double.IsNegativeInfinity(value))
            output.Write("-Inf");
        else
        {
            // The default ("R"-equivalent since .NET Core 3.0) is the shortest string that parses back
            // to the same double, e.g. 0.1, 1E-07, 1E+21: all valid for Go's strconv.ParseFloat.
            Span<char> buffer = stackalloc char[32];
            value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
            output.Write(buffer[..written]);
        }
    }

    // HELP escapes backslash and newline; label values also escape the double quote.
    private static void WriteEscaped(TextWriter output, string text, bool escapeQuote)
    {
        var rest = text.AsSpan();
        while (true)
        {
            var special = escapeQuote ? rest.IndexOfAny('\\', '"', '\n') : rest.IndexOfAny('\\', '\n');
            if (special < 0)
            {
                output.Write(rest);
                return;
            }
            output.Write(rest[..special]);
            output.Write(rest[special] switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                _ => @"\n",
            });
            rest = rest[(special + 1)..];
        }
    }
}
