using YamlDotNet.RepresentationModel;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>One alerting rule of vmcloud-alerts.yml.</summary>
internal sealed record AlertRule(string Group, string Name, string Expression, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>Every alerting and recording rule's expression, with where it is.</summary>
    public static IEnumerable<(string Where, string Expression)> Expressions(YamlMappingNode rules) =>
        rules.Maps("groups").SelectMany(g => g.Maps("rules").Select(r =>
            ($"rule {r.Text("alert") ?? r.Text("record")} (group {g.Text("name")})", r.Text("expr") ?? "")));

    /// <summary>The alerting rules of the file.</summary>
    public static IReadOnlyList<AlertRule> Load(string path) =>
        MonitoringFiles.LoadYaml(path).Maps("groups")
            .SelectMany(group => group.Maps("rules")
                .Where(rule => rule.Text("alert") is not null)
                .Select(rule => new AlertRule(group.Text("name") ?? "", rule.Text("alert")!, rule.Text("expr") ?? "",
                    Texts(rule.Map("labels")), Texts(rule.Map("annotations")))))
            .ToList();

    private static Dictionary<string, string> Texts(YamlMappingNode map) =>
        map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => (c.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal);
}
