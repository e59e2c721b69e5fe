namespace VmCloud.Core.Metrics;

/// <summary>
/// How an instrument's unit (UCUM, as System.Diagnostics.Metrics and OpenTelemetry use) is exported:
/// the Prometheus base unit suffix, and the factor that converts a measurement to it.
/// Prometheus wants base units, so milliseconds are exported as seconds and KiB as bytes.
/// </summary>
/// <param name="Suffix">The name suffix without its underscore, e.g. <c>seconds</c>; empty for none.</param>
/// <param name="Scale">Multiplies each measurement (and histogram bound advice) into the base unit.</param>
public readonly record struct PrometheusUnit(string Suffix, double Scale)
{
    private static readonly Dictionary<string, PrometheusUnit> Known = new(StringComparer.Ordinal)
    {
        ["s"] = new("seconds", 1),
        ["ms"] = new("seconds", 1e-3),
        ["us"] = new("seconds", 1e-6),
        ["μs"] = new("seconds", 1e-6),
        ["ns"] = new("seconds", 1e-9),
        ["min"] = new("seconds", 60),
        ["h"] = new("seconds", 3600),
        ["d"] = new("seconds", 86400),
        ["By"] = new("bytes", 1),
        ["KiBy"] = new("bytes", 1024),
        ["MiBy"] = new("bytes", 1024 * 1024),
        ["GiBy"] = new("bytes", 1024 * 1024 * 1024),
        ["TiBy"] = new("bytes", 1024d * 1024 * 1024 * 1024),
        ["KBy"] = new("bytes", 1e3),
        ["MBy"] = new("bytes", 1e6),
        ["GBy"] = new("bytes", 1e9),
        ["TBy"] = new("bytes", 1e12),
        ["%"] = new("ratio", 0.01),
        ["Cel"] = new("celsius", 1),
        ["V"] = new("volts", 1),
        ["A"] = new("amperes", 1),
        ["J"] = new("joules", 1),
        ["W"] = new("watts", 1),
        ["Hz"] = new("hertz", 1),
    };

    /// <summary>No suffix, no conversion.</summary>
    public static PrometheusUnit None { get; } = new("", 1);

    /// <summary>
    /// The export of a unit: a known unit maps to its base unit; dimensionless <c>1</c> and
    /// annotations like <c>{request}</c> add nothing; any other unit is appended as written,
    /// made name-safe (<c>requests/s</c> → <c>requests_per_s</c>).
    /// </summary>
    public static PrometheusUnit From(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit) || unit == "1" || (unit.StartsWith('{') && unit.EndsWith('}')))
            return None;
        if (Known.TryGetValue(unit, out var known))
            return known;
        var suffix = PrometheusNames.ToLabelName(unit.Replace("/", "_per_", StringComparison.Ordinal)).Trim('_');
        return new PrometheusUnit(suffix, 1);
    }
}
