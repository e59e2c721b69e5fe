using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using VmCloud.Api;

namespace VmCloud.Cli.Output;

/// <summary>
/// <c>vmcl describe</c>'s text, laid out like kubectl describe: identity and metadata, the spec as
/// <c>key: value</c> lines, placement, phase and the rest of the status, a conditions table and the
/// object's events newest first. The spec is flattened generically so every kind, and every field
/// added later, shows without a describer per kind.
/// </summary>
internal static class ResourceDescription
{
    // Shown in their own sections, not again under Status.
    private static readonly HashSet<string> PlacementFields = ["nodeName", "gpus", "addresses"];
    private static readonly HashSet<string> SectionedStatusFields = ["phase", "conditions", .. PlacementFields];

    /// <summary>The description of <paramref name="resource"/>; <paramref name="events"/> null when they could not be read.</summary>
    public static string Render(KindInfo kind, JsonNode resource, IReadOnlyList<JsonNode>? events, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var metadata = resource["metadata"];
        var status = resource["status"] as JsonObject;
        List<Field> header =
        [
            new("Name", [Scalar(metadata?["name"])]),
            .. kind.Namespaced ? [new Field("Namespace", [Scalar(metadata?["namespace"])])] : Array.Empty<Field>(),
            new("Kind", [kind.Kind]),
            new("Labels", Pairs(metadata?["labels"])),
            new("Annotations", Pairs(metadata?["annotations"])),
            new("UID", [Scalar(metadata?["uid"])]),
            new("Generation", [Scalar(metadata?["generation"])]),
            new("Created", [Created(metadata?["creationTimestamp"], now)]),
            .. metadata?["deletionTimestamp"] is { } deleting ? [new Field("Deleting since", [Created(deleting, now)])] : Array.Empty<Field>(),
            new("Phase", [Scalar(status?["phase"])]),
        ];
        WriteFields(text, header, "");
        Section(text, "Spec", Flatten(resource["spec"], ""));
        if (kind.Type.GetProperty("Status")?.PropertyType.GetProperty("NodeName") is not null)
        {
            Section(text, "Placement",
            [
                new("Node", [Scalar(status?["nodeName"])]),
                .. status?["gpus"] is { } gpus ? [new Field("GPUs", Lines(gpus))] : Array.Empty<Field>(),
                .. status?["addresses"] is { } addresses ? [new Field("Addresses", Lines(addresses))] : Array.Empty<Field>(),
            ]);
        }
        var rest = status?.Where(p => !SectionedStatusFields.Contains(p.Key)).SelectMany(p => Flatten(p.Value, p.Key)).ToList() ?? [];
        if (rest.Count > 0) Section(text, "Status", rest);
        Table(text, "Conditions", ["TYPE", "STATUS", "REASON", "AGE", "MESSAGE"],
            (status?["conditions"] as JsonArray)?.OfType<JsonNode>().Select(c => (IReadOnlyList<string>)
                [Scalar(c["type"]), Scalar(c["status"]), Scalar(c["reason"]), Age(c["lastTransitionTime"], now), Scalar(c["message"])]).ToList());
        Table(text, "Events", ["TYPE", "REASON", "AGE", "FROM", "COUNT", "MESSAGE"],
            events?.OrderByDescending(e => Instant(e["lastTimestamp"])).Select(e => (IReadOnlyList<string>)
                [Scalar(e["type"]), Scalar(e["reason"]), Age(e["lastTimestamp"], now), Scalar(e["source"]), Scalar(e["count"]), Scalar(e["message"])]).ToList(),
            missing: "<unavailable>");
        return text.ToString();
    }

    /// <summary>A key and its value, on one or several lines.</summary>
    private sealed record Field(string Key, IReadOnlyList<string> Lines);

    private static void Section(StringBuilder text, string title, IReadOnlyList<Field> fields)
    {
        if (fields.Count == 0)
        {
            text.Append(title).Append(":  ").Append(ResourceTable.None).Append('\n');
            return;
        }
        text.Append(title).Append(":\n");
        WriteFields(text, fields, "  ");
    }

    // Keys padded to one column; a value of several lines continues under its first line.
    private static void WriteFields(StringBuilder text, IReadOnlyList<Field> fields, string indent)
    {
        var width = fields.Max(f => f.Key.Length) + 3;
        foreach (var field in fields)
        {
            var lines = field.Lines.Count == 0 ? [ResourceTable.None] : field.Lines;
            text.Append(indent).Append((field.Key + ":").PadRight(width)).Append(lines[0]).Append('\n');
            foreach (var line in lines.Skip(1)) text.Append(indent).Append(' ', width).Append(line).Append('\n');
        }
    }

    private static void Table(StringBuilder text, string title, string[] headers, List<IReadOnlyList<string>>? rows, string missing = ResourceTable.None)
    {
        if (rows is null || rows.Count == 0)
        {
            text.Append(title).Append(":  ").Append(rows is null ? missing : ResourceTable.None).Append('\n');
            return;
        }
        text.Append(title).Append(":\n").Append(TextTable.Render(headers, rows, "  "));
    }

    // spec.commitments.annual → "commitments.annual"; lists of objects → "listeners[0].port"; lists of scalars → one line each.
    private static List<Field> Flatten(JsonNode? node, string key) => node switch
    {
        JsonObject map when map.Count > 0 => [.. map.SelectMany(p => Flatten(p.Value, key.Length == 0 ? p.Key : $"{key}.{p.Key}"))],
        JsonArray list when list.Count > 0 && list.Any(i => i is JsonObject or JsonArray) =>
            [.. list.SelectMany((item, i) => Flatten(item, $"{key}[{i}]"))],
        JsonObject or JsonArray or null when key.Length == 0 => [],
        _ => [new Field(key, Lines(node))],
    };

    private static IReadOnlyList<string> Lines(JsonNode? node) => node switch
    {
        JsonArray list => [.. list.Select(Scalar)],
        JsonObject map when map.Count == 0 => [],
        _ => [Scalar(node)],
    };

    private static List<string> Pairs(JsonNode? map) =>
        (map as JsonObject)?.Select(p => $"{p.Key}={Scalar(p.Value)}").ToList() ?? [];

    private static string Scalar(JsonNode? node) => node is null ? ResourceTable.None : JsonPath.Text(node);

    private static string Age(JsonNode? timestamp, DateTimeOffset now) =>
        HumanDuration.Since(timestamp is null ? null : Scalar(timestamp), now) ?? ResourceTable.None;

    private static string Created(JsonNode? timestamp, DateTimeOffset now) =>
        Instant(timestamp) is { } at ? $"{at.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} ({HumanDuration.Format(now - at)} ago)" : ResourceTable.None;

    private static DateTimeOffset? Instant(JsonNode? timestamp) =>
        timestamp is not null && DateTimeOffset.TryParse(Scalar(timestamp), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
