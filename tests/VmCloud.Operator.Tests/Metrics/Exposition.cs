using System.Globalization;
using System.Text;

namespace VmCloud.Operator.Tests.Metrics;

/// <summary>One sample line of an exposition.</summary>
/// <param name="Name">The sample's name: the family's, or with <c>_bucket</c>, <c>_sum</c>, <c>_count</c> for a histogram.</param>
/// <param name="Labels">Its labels, values unescaped.</param>
/// <param name="Value">Its value.</param>
internal sealed record ExposedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>A label's value, or "" without it.</summary>
    public string this[string label] => Labels.GetValueOrDefault(label, "");
}

/// <summary>
/// A Prometheus text exposition read back: families from their <c># TYPE</c> lines and every sample.
/// Only what the tests compare with the contract; promtool checks the format itself.
/// </summary>
internal sealed class Exposition
{
    private Exposition(IReadOnlyDictionary<string, string> types, IReadOnlyList<ExposedSample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Family name → type (counter, gauge, histogram).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Every sample, in order.</summary>
    public IReadOnlyList<ExposedSample> Samples { get; }

    /// <summary>The samples named <paramref name="name"/> exactly.</summary>
    public IEnumerable<ExposedSample> this[string name] => Samples.Where(s => s.Name == name);

    /// <summary>The family a sample belongs to: its own name, or a histogram's with the suffix cut.</summary>
    public string FamilyOf(ExposedSample sample)
    {
        if (Types.ContainsKey(sample.Name)) return sample.Name;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sample.Name.EndsWith(suffix, StringComparison.Ordinal) && Types.ContainsKey(sample.Name[..^suffix.Length]))
                return sample.Name[..^suffix.Length];
        }
        return sample.Name;
    }

    public static Exposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<ExposedSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
            else if (line.Length > 0 && line[0] != '#')
                samples.Add(ParseSample(line));
        }
        return new Exposition(types, samples);
    }

    private static ExposedSample ParseSample(string line)
    {
        var nameEnd = line.IndexOfAny(['{', ' ']);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = nameEnd;
        if (line[at] == '{')
        {
            at++;
            while (line[at] != '}')
            {
                var equals = line.IndexOf('=', at);
                var name = line[at..equals];
                var value = new StringBuilder();
                for (at = equals + 2; line[at] != '"'; at++)
                {
                    var c = line[at];
                    if (c == '\\') c = line[++at] == 'n' ? '\n' : line[at];
                    value.Append(c);
                }
                labels[name] = value.ToString();
                at++;
                if (line[at] == ',') at++;
            }
            at++;
        }
        var number = line[(at + 1)..].Split(' ')[0];
        var parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, CultureInfo.InvariantCulture),
        };
        return new ExposedSample(line[..nameEnd], labels, parsed);
    }
}
