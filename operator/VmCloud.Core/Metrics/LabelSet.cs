using System.Globalization;

namespace VmCloud.Core.Metrics;

/// <summary>
/// The labels of one series, built from a measurement's tags: names made Prometheus-safe, sorted by
/// name, one value per name. Equal sets address the same series whatever order the tags came in.
/// </summary>
internal sealed class LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>
{
    private readonly Label[] labels;
    private readonly int hash;

    private LabelSet(Label[] labels)
    {
        this.labels = labels;
        var hashing = new HashCode();
        foreach (var (name, value) in labels)
        {
            hashing.Add(name, StringComparer.Ordinal);
            hashing.Add(value, StringComparer.Ordinal);
        }
        hash = hashing.ToHashCode();
    }

    public static LabelSet Empty { get; } = new([]);

    /// <summary>The labels, sorted by name; shared, never modified.</summary>
    public IReadOnlyList<Label> Labels => labels;

    /// <summary>The set of <paramref name="tags"/>; a tag key named <paramref name="reserved"/> gets a <c>tag_</c> prefix.</summary>
    public static LabelSet From(ReadOnlySpan<KeyValuePair<string, object?>> tags, LabelNameCache names, string? reserved)
    {
        if (tags.IsEmpty)
            return Empty;
        var labels = new Label[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            var name = names.For(tags[i].Key);
            labels[i] = new Label(name == reserved ? "tag_" + name : name, Format(tags[i].Value));
        }
        SortByName(labels);
        return new LabelSet(Deduplicated(labels));
    }

    // An insertion sort: tags are few, and it is stable, which Deduplicated relies on.
    private static void SortByName(Label[] labels)
    {
        for (var i = 1; i < labels.Length; i++)
        {
            var label = labels[i];
            var j = i - 1;
            for (; j >= 0 && string.CompareOrdinal(labels[j].Name, label.Name) > 0; j--)
                labels[j + 1] = labels[j];
            labels[j + 1] = label;
        }
    }

    public bool Equals(LabelSet? other)
    {
        if (other is null || other.hash != hash || other.labels.Length != labels.Length)
            return false;
        for (var i = 0; i < labels.Length; i++)
        {
            if (!string.Equals(labels[i].Name, other.labels[i].Name, StringComparison.Ordinal)
                || !string.Equals(labels[i].Value, other.labels[i].Value, StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => hash;

    /// <summary>Orders series for a stable exposition: label by label, name then value, ordinal.</summary>
    public int CompareTo(LabelSet? other)
    {
        if (other is null)
            return 1;
        for (var i = 0; i < Math.Min(labels.Length, other.labels.Length); i++)
        {
            var order = string.CompareOrdinal(labels[i].Name, other.labels[i].Name);
            if (order == 0)
                order = string.CompareOrdinal(labels[i].Value, other.labels[i].Value);
            if (order != 0)
                return order;
        }
        return labels.Length.CompareTo(other.labels.Length);
    }

    // Two tag keys may map to one label name (a.b and a_b); the last one given wins, as a later
    // tag with the same key would.
    private static Label[] Deduplicated(Label[] sorted)
    {
        var kept = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (kept > 0 && sorted[kept - 1].Name == sorted[i].Name)
                sorted[kept - 1] = sorted[i];
            else
                sorted[kept++] = sorted[i];
        }
        return kept == sorted.Length ? sorted : sorted[..kept];
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>Tag keys already turned into label names: the same few keys come with every measurement.</summary>
internal sealed class LabelNameCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> names = new(StringComparer.Ordinal);

    public string For(string tagKey) => names.GetOrAdd(tagKey, PrometheusNames.ToLabelName);
}
