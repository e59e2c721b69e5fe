using VmCloud.Tests;
using YamlDotNet.RepresentationModel;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>The files of <c>examples/monitoring/</c> and the metrics contract, read from the checkout.</summary>
internal static class MonitoringFiles
{
    public static string Folder { get; } = RepoPaths.Combine("examples", "monitoring");

    public static string PrometheusConfig { get; } = Path.Combine(Folder, "prometheus.yml");

    public static string Rules { get; } = Path.Combine(Folder, "rules", "vmcloud-alerts.yml");

    public static string RuleTests { get; } = Path.Combine(Folder, "rules", "vmcloud-alerts.test.yml");

    public static string Readme { get; } = Path.Combine(Folder, "README.md");

    public static string MetricsDoc { get; } = RepoPaths.Combine("docs", "metrics.md");

    /// <summary>The dashboards every test covers; a new dashboard is added here.</summary>
    public static IReadOnlyList<string> DashboardNames { get; } = ["finance.json", "capacity.json", "control-plane.json"];

    public static string Dashboard(string name) => Path.Combine(Folder, "dashboards", name);

    /// <summary>Dashboard names as theory data.</summary>
    public static TheoryData<string> Dashboards => new(DashboardNames);

    /// <summary>Parses a YAML file with one document whose root is a mapping.</summary>
    public static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }
}

/// <summary>Small ways to walk YamlDotNet's representation model.</summary>
internal static class YamlNodes
{
    /// <summary>The child at a key, or null when absent.</summary>
    public static YamlNode? Child(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The scalar text at a key, or null when absent or not a scalar.</summary>
    public static string? Text(this YamlMappingNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    /// <summary>The mapping at a key, or an empty one when absent.</summary>
    public static YamlMappingNode Map(this YamlMappingNode node, string key) => node.Child(key) as YamlMappingNode ?? new YamlMappingNode();

    /// <summary>The mappings of the sequence at a key (none when absent).</summary>
    public static IEnumerable<YamlMappingNode> Maps(this YamlMappingNode node, string key) =>
        (node.Child(key) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];

    /// <summary>The scalar texts of the sequence at a key (none when absent).</summary>
    public static IEnumerable<string> Texts(this YamlMappingNode node, string key) =>
        (node.Child(key) as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "") ?? [];
}
