namespace VmCloud.Operator.Tests.Metrics;

/// <summary>One row of a table of docs/metrics.md.</summary>
/// <param name="Section">The heading it is under, e.g. "Operator: billing".</param>
/// <param name="Name">The metric family's name.</param>
/// <param name="Type">counter, gauge or histogram.</param>
/// <param name="Labels">The label names the row lists.</param>
internal sealed record DocumentedMetric(string Section, string Name, string Type, IReadOnlySet<string> Labels)
{
    /// <summary>Exported by the operator (the sections "Operator: …"), not by the agents.</summary>
    public bool IsOperators => Section.StartsWith("Operator", StringComparison.Ordinal);

    /// <summary>In the billing table.</summary>
    public bool IsBilling => Section.Contains("billing", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The metric tables of docs/metrics.md, the contract dashboards and alert rules are written against.</summary>
internal static class MetricsContract
{
    /// <summary>Every documented metric, reading each table row <c>| `name` | type | labels | meaning |</c>.</summary>
    public static IReadOnlyList<DocumentedMetric> Load(string path)
    {
        var metrics = new List<DocumentedMetric>();
        string? section = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
                section = line[3..].Trim();
            else if (section is not null && line.StartsWith("| `", StringComparison.Ordinal))
            {
                var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                var labels = cells[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                metrics.Add(new DocumentedMetric(section, cells[0].Trim('`'), cells[1], labels));
            }
        }
        return metrics;
    }
}
