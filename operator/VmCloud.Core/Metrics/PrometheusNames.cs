namespace VmCloud.Core.Metrics;

/// <summary>Prometheus name rules, and the mapping from OpenTelemetry-style instrument names and units.</summary>
public static class PrometheusNames
{
    /// <summary>Whether <paramref name="name"/> matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsMetricName(string? name) => IsName(name, allowColon: true);

    /// <summary>Whether <paramref name="name"/> matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsLabelName(string? name) => IsName(name, allowColon: false);

    /// <summary>
    /// A valid label name for a tag key: every other character becomes <c>_</c> (<c>http.route</c> →
    /// <c>http_route</c>), a leading digit gets a <c>_</c> prefix, and a leading <c>__</c> (reserved
    /// for Prometheus) is cut to one.
    /// </summary>
    public static string ToLabelName(string tagKey)
    {
        ArgumentNullException.ThrowIfNull(tagKey);
        var name = Sanitize(tagKey, allowColon: false);
        while (name.StartsWith("__", StringComparison.Ordinal))
            name = name[1..];
        return name.Length == 0 ? "_" : name;
    }

    /// <summary>
    /// The family name of an instrument: dots and other characters become <c>_</c>, then the unit's
    /// suffix and, for counters, <c>_total</c> are appended unless already there.
    /// <c>vmcloud.reconcile.duration</c> in <c>s</c> → <c>vmcloud_reconcile_duration_seconds</c>.
    /// </summary>
    public static string ForInstrument(string instrumentName, PrometheusUnit unit, MetricType type)
    {
        ArgumentNullException.ThrowIfNull(instrumentName);
        var name = Sanitize(instrumentName, allowColon: false);
        if (type == MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal))
            name = name[..^"_total".Length];
        if (unit.Suffix.Length > 0 && !name.EndsWith("_" + unit.Suffix, StringComparison.Ordinal))
            name = $"{name}_{unit.Suffix}";
        return type == MetricType.Counter ? name + "_total" : name;
    }

    private static bool IsName(string? name, bool allowColon)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0]))
            return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && !(allowColon && c == ':'))
                return false;
        }
        return true;
    }

    private static string Sanitize(string text, bool allowColon)
    {
        if (IsName(text, allowColon))
            return text;
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || (allowColon && c == ':') ? c : '_').ToArray();
        var name = new string(chars);
        return name.Length == 0 || char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }
}
