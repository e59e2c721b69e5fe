using System.Reflection;
using System.Text.Json.Nodes;
using VmCloud.Api;

namespace VmCloud.Cli.Output;

/// <summary>
/// <c>vmcl get</c>'s table: NAME, then the kind's printer columns — the same ones its CRD declares
/// for kubectl — with the priority-1 columns only in the wide view.
/// </summary>
internal static class ResourceTable
{
    /// <summary>What a cell shows when the column's path reaches nothing, e.g. no node yet.</summary>
    public const string None = "<none>";

    /// <summary>The table of <paramref name="items"/>, with a NAMESPACE column first when they span tenants.</summary>
    public static string Render(KindInfo kind, IReadOnlyList<JsonNode> items, bool wide, bool withNamespace, DateTimeOffset now)
    {
        var columns = Columns(kind, wide);
        List<string> headers = [.. withNamespace ? ["NAMESPACE"] : Array.Empty<string>(), "NAME", .. columns.Select(c => c.Name)];
        var rows = items.Select(item => (IReadOnlyList<string>)
        [
            .. withNamespace ? [Cell(item, ".metadata.namespace")] : Array.Empty<string>(),
            Cell(item, ".metadata.name"),
            .. columns.Select(c => Cell(item, c.JsonPath, c.Type, now)),
        ]);
        return TextTable.Render(headers, rows);
    }

    /// <summary>The kind's printer columns in declaration order; priority-1 ones only when <paramref name="wide"/>.</summary>
    public static IReadOnlyList<PrinterColumnAttribute> Columns(KindInfo kind, bool wide) =>
        [.. kind.Type.GetCustomAttributes<PrinterColumnAttribute>().Where(c => wide || c.Priority == 0)];

    /// <summary>One cell: the values the path reaches, comma-separated; a date column as an age.</summary>
    public static string Cell(JsonNode item, string jsonPath, string type = "string", DateTimeOffset now = default)
    {
        var values = JsonPath.Select(item, jsonPath).Select(JsonPath.Text).Where(v => v.Length > 0).ToList();
        if (values.Count == 0) return None;
        return type == "date" ? HumanDuration.Since(values[0], now) ?? values[0] : string.Join(",", values);
    }
}
