using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VmCloud.Api;
using VmCloud.Api.Schema;

namespace VmCloud.Core.Manifests;

/// <summary>
/// Checks a YAML value against the structural schema generated from the API types, the same one
/// the CRDs carry, and turns it into JSON for typed deserialization. Every problem is reported with
/// its field path and position; positions of every bound field are recorded for later rules.
/// </summary>
internal sealed partial class SchemaBinder(Action<SourceMark, string> report, IDictionary<string, SourceMark> positions)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The JSON for <paramref name="value"/>, or null when it is null or does not fit the schema.</summary>
    public JsonNode? Bind(YamlValue value, SchemaNode schema, string path)
    {
        positions[path] = value.At;
        if (value is YamlScalar { IsNull: true }) return null;
        return schema.Type switch
        {
            "object" when schema.AdditionalProperties is not null => BindMap(value, schema.AdditionalProperties, path),
            "object" => BindObject(value, schema, path),
            "array" => BindArray(value, schema, path),
            _ => BindScalar(value, schema, path),
        };
    }

    private JsonObject? BindObject(YamlValue value, SchemaNode schema, string path)
    {
        if (value is not YamlMap map) return Mismatch<JsonObject>(value, path, "a mapping");
        var result = new JsonObject();
        foreach (var (key, item) in map.Entries)
        {
            var childPath = Join(path, key.Value);
            if (schema.Properties?.GetValueOrDefault(key.Value) is not { } property)
            {
                var known = schema.Properties?.Keys.ToList() ?? [];
                report(key.At, $"{childPath}: unknown field{Suggestions.DidYouMean(key.Value, known)}; known fields: {string.Join(", ", known)}");
                continue;
            }
            if (Bind(item, property, childPath) is { } bound) result[key.Value] = bound;
        }
        // Counted on what the document sets, so a url that failed its own check is not also "missing".
        foreach (var group in schema.ExactlyOneOf ?? [])
            if (group.Count(key => map.Get(key) is { } v && v is not YamlScalar { IsNull: true }) != 1)
                report(map.At, $"{path}: set exactly one of {string.Join(" or ", group)}");
        foreach (var required in schema.Required ?? [])
        {
            if (result.ContainsKey(required)) continue;
            var present = map.Get(required) is { } v && !(v is YamlScalar { IsNull: true });
            if (!present) report(map.At, $"{Join(path, required)} is required: {Describe(schema.Properties![required])}");
        }
        return result;
    }

    private JsonObject? BindMap(YamlValue value, SchemaNode valueSchema, string path)
    {
        if (value is not YamlMap map) return Mismatch<JsonObject>(value, path, "a mapping");
        var result = new JsonObject();
        foreach (var (key, item) in map.Entries)
            if (Bind(item, valueSchema, $"{path}[{key.Value}]") is { } bound) result[key.Value] = bound;
        return result;
    }

    private JsonArray? BindArray(YamlValue value, SchemaNode schema, string path)
    {
        if (value is not YamlList list) return Mismatch<JsonArray>(value, path, "a list");
        if (list.Items.Count < schema.MinItems)
            report(list.At, $"{path}: needs at least {schema.MinItems} item(s), has {list.Items.Count}");
        if (list.Items.Count > schema.MaxItems)
            report(list.At, $"{path}: has {list.Items.Count} items, at most {schema.MaxItems} are allowed");
        var result = new JsonArray();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = Bind(list.Items[i], schema.Items!, $"{path}[{i}]");
            if (item is not null) result.Add(item);
            else if (list.Items[i] is YamlScalar { IsNull: true }) report(list.Items[i].At, $"{path}[{i}]: empty list item; remove it");
        }
        return result;
    }

    private JsonValue? BindScalar(YamlValue value, SchemaNode schema, string path)
    {
        if (value is not YamlScalar scalar) return Mismatch<JsonValue>(value, path, $"a single {schema.Type} value");
        var type = ScalarTypes.Of(scalar);
        return schema.Type switch
        {
            "string" when type == "string" => CheckString(scalar, schema, path),
            "string" => Fail(scalar, $"{path}: expected a string, got the {type} {scalar.Value}; quote it: \"{scalar.Value}\""),
            "integer" when type == "integer" => CheckNumber(scalar, ScalarTypes.Integer(scalar.Value), schema, path),
            "number" when type is "integer" or "float" => CheckNumber(scalar, ScalarTypes.Float(scalar.Value), schema, path),
            "boolean" when type == "boolean" => JsonValue.Create(scalar.Value is "true" or "True" or "TRUE"),
            _ when !scalar.Plain && ScalarTypes.Of(scalar with { Plain = true, Tag = null }) is var unquoted && Fits(unquoted, schema.Type) =>
                Fail(scalar, $"{path}: expected {Article(schema.Type)} {schema.Type}, got the string \"{scalar.Value}\"; remove the quotes"),
            _ => Fail(scalar, $"{path}: expected {Article(schema.Type)} {schema.Type}, got \"{scalar.Value}\""),
        };
    }

    private JsonValue? CheckString(YamlScalar scalar, SchemaNode schema, string path)
    {
        var text = scalar.Value;
        if (schema.Enum is { } allowed && !allowed.Contains(text))
            return Fail(scalar, $"{path}: \"{text}\" is not allowed{Suggestions.DidYouMean(text, allowed)}; expected one of {string.Join(", ", allowed)}");
        if (text.Length < schema.MinLength)
            return Fail(scalar, $"{path}: must be at least {schema.MinLength} character(s) long");
        if (text.Length > schema.MaxLength)
            return Fail(scalar, $"{path}: is {text.Length} characters long, at most {schema.MaxLength} are allowed");
        if (schema.Pattern is { } pattern && !Matches(text, pattern))
            return Fail(scalar, $"{path}: \"{Shorten(text)}\" is not {Patterns.Describe(pattern)}");
        if (schema.Format == "date-time" && !(Rfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out _)))
            return Fail(scalar, $"{path}: \"{Shorten(text)}\" is not an RFC 3339 date-time such as 2026-01-31T09:30:00Z");
        return JsonValue.Create(text);
    }

    private JsonValue? CheckNumber(YamlScalar scalar, double? number, SchemaNode schema, string path)
    {
        if (number is not { } n || (schema.Format == "int32" && n is < int.MinValue or > int.MaxValue))
            return Fail(scalar, $"{path}: {scalar.Value} is out of range for {Article(schema.Type)} {schema.Type}");
        if (n < schema.Minimum) return Fail(scalar, $"{path}: must be at least {schema.Minimum}, got {scalar.Value}");
        if (n > schema.Maximum) return Fail(scalar, $"{path}: must be at most {schema.Maximum}, got {scalar.Value}");
        return schema.Type == "integer" ? JsonValue.Create((long)n) : JsonValue.Create(n);
    }

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>What a required field holds, for messages: its description, or its type.</summary>
    private static string Describe(SchemaNode schema) =>
        schema.Description is { Length: > 0 } d ? char.ToLowerInvariant(d[0]) + d[1..].TrimEnd('.') : schema.Type;

    private static bool Fits(string scalarType, string schemaType) => (scalarType, schemaType) switch
    {
        ("integer", "integer" or "number") or ("float", "number") or ("boolean", "boolean") => true,
        _ => false,
    };

    private T? Mismatch<T>(YamlValue value, string path, string expected) where T : JsonNode
    {
        report(value.At, $"{path}: expected {expected}, got {Kind(value)}");
        return null;
    }

    private JsonValue? Fail(YamlValue at, string message)
    {
        report(at.At, message);
        return null;
    }

    private static string Kind(YamlValue value) => value switch
    {
        YamlMap => "a mapping",
        YamlList => "a list",
        YamlScalar s => $"the {ScalarTypes.Of(s)} \"{Shorten(s.Value)}\"",
        _ => "something else",
    };

    private static string Article(string word) => word[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
