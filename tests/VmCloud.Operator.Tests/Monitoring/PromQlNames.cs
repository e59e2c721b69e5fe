using System.Text.RegularExpressions;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>
/// The metric names a PromQL expression reads, found by tokenising rather than parsing: string
/// literals, label matchers <c>{…}</c>, ranges and subqueries <c>[…]</c> and label lists of
/// by/without/on/ignoring/group_left/group_right are removed first; what is left are identifiers,
/// of which those followed by <c>(</c> are functions or aggregations, and a few are keywords.
/// Durations (<c>5m</c>) and numbers (<c>1e3</c>) never start an identifier. Grafana variables
/// (<c>$__range</c>, <c>$tenant</c>) sit in ranges or matchers, or start with <c>$</c>.
/// </summary>
internal static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
        "and", "or", "unless", "atan2", "inf", "nan",
    };

    /// <summary>The metric names <paramref name="expression"/> reads, sorted.</summary>
    public static IReadOnlyList<string> Of(string expression)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in NameMatcher().Matches(expression)) names.Add(match.Groups["name"].Value);

        var text = StringLiteral().Replace(expression, " ");
        text = LabelMatchers().Replace(text, " ");
        text = RangeOrSubquery().Replace(text, " ");
        text = LabelList().Replace(text, " ");
        foreach (Match match in Identifier().Matches(text))
        {
            var isCall = text.AsSpan(match.Index + match.Length).TrimStart().StartsWith("(");
            if (!isCall && !Keywords.Contains(match.Value)) names.Add(match.Value);
        }
        return [.. names];
    }

    /// <summary>
    /// The metric names of a Grafana query variable: <c>label_values(SELECTOR, label)</c> and
    /// <c>query_result(EXPR)</c> read names; <c>label_values(label)</c> and others read none.
    /// </summary>
    public static IReadOnlyList<string> OfVariableQuery(string query) =>
        VariableQueryExpression(query) is { } expression ? Of(expression) : [];

    /// <summary>The PromQL inside a Grafana query variable's query, or null when it has none.</summary>
    public static string? VariableQueryExpression(string query)
    {
        var labelValues = LabelValues().Match(query);
        if (labelValues.Success) return labelValues.Groups["selector"].Value;
        var queryResult = QueryResult().Match(query);
        return queryResult.Success ? queryResult.Groups["expr"].Value : null;
    }

    [GeneratedRegex("""__name__\s*=\s*"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)"|__name__\s*=\s*'(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)'""")]
    private static partial Regex NameMatcher();

    [GeneratedRegex("""
        "(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`
        """)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelList();

    [GeneratedRegex(@"(?<![\w.:$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*label_values\s*\((?<selector>.+),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$", RegexOptions.Singleline)]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"^\s*query_result\s*\((?<expr>.+)\)\s*$", RegexOptions.Singleline)]
    private static partial Regex QueryResult();
}
