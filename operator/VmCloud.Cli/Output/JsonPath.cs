using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmCloud.Cli.Output;

/// <summary>
/// The part of kubectl's JSONPath that printer columns use: <c>.field</c>, <c>[2]</c>, <c>[*]</c> and
/// <c>[?(@.field=="value")]</c> (also <c>!=</c>), optionally wrapped in <c>{}</c> or starting with <c>$</c>.
/// Ranges, unions and recursive descent are not needed by any column, so they are refused rather than guessed.
/// </summary>
internal static class JsonPath
{
    /// <summary>Every node the path reaches from <paramref name="root"/>; empty when it reaches nothing.</summary>
    public static IReadOnlyList<JsonNode> Select(JsonNode? root, string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}')) text = text[1..^1];
        if (text.StartsWith('$')) text = text[1..];
        var current = root is null ? new List<JsonNode>() : [root];
        for (var i = 0; i < text.Length && current.Count > 0;)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] is not ('.' or '[')) i++;
                var name = text[start..i];
                current = [.. current.OfType<JsonObject>().Select(o => o[name]).OfType<JsonNode>()];
            }
            else if (text[i] == '[')
            {
                var end = ClosingBracket(text, i);
                current = Subscript(current, text[(i + 1)..end], path);
                i = end + 1;
            }
            else
            {
                throw new ArgumentException($"JSONPath {path}: unexpected '{text[i]}' at {i}", nameof(path));
            }
        }
        return current;
    }

    /// <summary>A scalar as kubectl prints it: strings bare, numbers and booleans as JSON, lists of scalars comma-separated.</summary>
    public static string Text(JsonNode node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray list when list.All(item => item is JsonValue) => string.Join(",", list.OfType<JsonNode>().Select(Text)),
        _ => node.ToJsonString(),
    };

    private static List<JsonNode> Subscript(List<JsonNode> current, string inside, string path)
    {
        var lists = current.OfType<JsonArray>().ToList();
        if (inside == "*") return [.. lists.SelectMany(l => l).OfType<JsonNode>()];
        if (int.TryParse(inside, out var index))
            return [.. lists.Select(l => index >= 0 && index < l.Count ? l[index] : null).OfType<JsonNode>()];
        if (inside.StartsWith("?(@", StringComparison.Ordinal) && inside.EndsWith(')'))
            return Filter(lists, inside[3..^1], path);
        if (inside.Length > 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0])
            return [.. current.OfType<JsonObject>().Select(o => o[inside[1..^1]]).OfType<JsonNode>()];
        throw new ArgumentException($"JSONPath {path}: [{inside}] is not supported", nameof(path));
    }

    // "@.type==\"Ready\"" keeps the elements whose field equals (or, with !=, differs from) the value.
    private static List<JsonNode> Filter(List<JsonArray> lists, string condition, string path)
    {
        var negate = condition.Contains("!=", StringComparison.Ordinal);
        var parts = condition.Split(negate ? "!=" : "==", 2);
        if (parts.Length != 2) throw new ArgumentException($"JSONPath {path}: a filter needs == or !=", nameof(path));
        var field = parts[0].Trim();
        var expected = Unquote(parts[1].Trim());
        return [.. lists.SelectMany(l => l).OfType<JsonNode>()
            .Where(item => Select(item, field).Any(v => Text(v) == expected) != negate)];
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0] ? text[1..^1] : text;

    // The matching ']' — a quoted filter value may itself contain one.
    private static int ClosingBracket(string text, int open)
    {
        char? quote = null;
        for (var i = open + 1; i < text.Length; i++)
        {
            if (quote is not null) { if (text[i] == quote) quote = null; }
            else if (text[i] is '\'' or '"') quote = text[i];
            else if (text[i] == ']') return i;
        }
        throw new ArgumentException($"JSONPath {text}: '[' at {open} is never closed", nameof(text));
    }
}
