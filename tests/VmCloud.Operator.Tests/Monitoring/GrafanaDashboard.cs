using System.Text.Json.Nodes;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>A Grafana dashboard JSON file, parsed, with its panels flattened (rows' nested panels included).</summary>
internal sealed class GrafanaDashboard(string name, JsonObject root)
{
    /// <summary>The data source every panel and target must name: the dashboard's variable.</summary>
    public const string DatasourceUid = "${datasource}";

    public string Name { get; } = name;

    public JsonObject Root { get; } = root;

    public static GrafanaDashboard Load(string name) =>
        new(name, JsonNode.Parse(File.ReadAllText(MonitoringFiles.Dashboard(name)))!.AsObject());

    /// <summary>Every panel, rows and the panels nested in collapsed rows included.</summary>
    public IReadOnlyList<JsonObject> Panels => Flatten(Root["panels"]?.AsArray() ?? []).ToList();

    /// <summary>The templating variables.</summary>
    public IReadOnlyList<JsonObject> Variables =>
        (Root["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>().ToList();

    /// <summary>Every target with its panel.</summary>
    public IEnumerable<(JsonObject Panel, JsonObject Target)> Targets =>
        Panels.SelectMany(p => (p["targets"]?.AsArray() ?? []).OfType<JsonObject>().Select(t => (p, t)));

    /// <summary>Every PromQL text with where it is: targets' exprs and query variables' queries.</summary>
    public IEnumerable<(string Where, string Expression, bool IsVariableQuery)> Expressions =>
        Targets.Select(t => ($"{Name} panel {t.Panel["id"]} \"{t.Panel["title"]}\" target {t.Target["refId"]}", (string?)t.Target["expr"] ?? "", false))
            .Concat(Variables.Where(v => (string?)v["type"] == "query")
                .Select(v => ($"{Name} variable {v["name"]}", VariableQuery(v), true)));

    /// <summary>A query variable's query: a string, or an object with a <c>query</c> (Grafana 10+).</summary>
    public static string VariableQuery(JsonObject variable) => variable["query"] switch
    {
        JsonValue value => (string?)value ?? "",
        JsonObject query => (string?)query["query"] ?? "",
        _ => "",
    };

    /// <summary>Whether a datasource reference names the variable: <c>{"type":"prometheus","uid":"${datasource}"}</c>.</summary>
    public static bool UsesVariable(JsonNode? datasource) =>
        datasource is JsonObject ds && (string?)ds["type"] == "prometheus" && (string?)ds["uid"] == DatasourceUid;

    private static IEnumerable<JsonObject> Flatten(JsonArray panels)
    {
        foreach (var panel in panels.OfType<JsonObject>())
        {
            yield return panel;
            foreach (var nested in Flatten(panel["panels"]?.AsArray() ?? [])) yield return nested;
        }
    }
}
