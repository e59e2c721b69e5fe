using System.Text.Json.Nodes;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>The Grafana dashboards of examples/monitoring/dashboards: well formed, and portable between Grafanas.</summary>
public sealed class DashboardTests
{
    private static readonly HashSet<string> PanelTypes = ["row", "timeseries", "stat", "table", "bargauge", "gauge"];

    public static TheoryData<string> Dashboards => MonitoringFiles.Dashboards;

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_ParsesAndHasUidTitleSchemaVersionTagAndPanels(string name)
    {
        var dashboard = GrafanaDashboard.Load(name);

        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard.Root["uid"]), $"{name}: uid");
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard.Root["title"]), $"{name}: title");
        Assert.True((int?)dashboard.Root["schemaVersion"] >= 39, $"{name}: schemaVersion {dashboard.Root["schemaVersion"]}");
        Assert.Contains("vmcloud", (dashboard.Root["tags"]?.AsArray() ?? []).Select(t => (string?)t));
        Assert.Contains(dashboard.Panels, p => (string?)p["type"] != "row");
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_HasThePrometheusDatasourceVariable(string name)
    {
        var variable = Assert.Single(GrafanaDashboard.Load(name).Variables, v => (string?)v["name"] == "datasource");

        Assert.Equal("datasource", (string?)variable["type"]);
        Assert.Equal("prometheus", (string?)variable["query"]);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_EveryPanelTargetAndQueryVariable_UsesTheDatasourceVariable(string name)
    {
        var dashboard = GrafanaDashboard.Load(name);

        var wrong = dashboard.Panels.Where(p => !GrafanaDashboard.UsesVariable(p["datasource"])).Select(p => $"panel {p["id"]} \"{p["title"]}\"")
            .Concat(dashboard.Targets.Where(t => !GrafanaDashboard.UsesVariable(t.Target["datasource"])).Select(t => $"panel {t.Panel["id"]} target {t.Target["refId"]}"))
            .Concat(dashboard.Variables.Where(v => (string?)v["type"] == "query" && !GrafanaDashboard.UsesVariable(v["datasource"])).Select(v => $"variable {v["name"]}"))
            .ToList();

        Assert.True(wrong.Count == 0, $"{name}: not using {{\"type\":\"prometheus\",\"uid\":\"{GrafanaDashboard.DatasourceUid}\"}}: {string.Join(", ", wrong)}");
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_PanelIdsAreUnique(string name)
    {
        var ids = GrafanaDashboard.Load(name).Panels.Select(p => (int?)p["id"]).ToList();

        Assert.DoesNotContain(null, ids);
        Assert.Empty(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_EveryPanelHasAKnownTypeAndAGridPosWithin24Columns(string name)
    {
        foreach (var panel in GrafanaDashboard.Load(name).Panels)
        {
            var where = $"{name} panel {panel["id"]} \"{panel["title"]}\"";
            Assert.True(PanelTypes.Contains((string?)panel["type"] ?? ""), $"{where}: type {panel["type"]}");
            Assert.False(string.IsNullOrWhiteSpace((string?)panel["title"]), $"{where}: title");
            var grid = panel["gridPos"] as JsonObject;
            Assert.True(grid is not null, $"{where}: gridPos");
            int x = (int)grid["x"]!, w = (int)grid["w"]!, h = (int)grid["h"]!;
            Assert.True(x >= 0 && w > 0 && h > 0 && x + w <= 24 && (int)grid["y"]! >= 0, $"{where}: gridPos {grid.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_EveryDataPanelHasTargets_EachWithAnExprAndARefIdUniqueInItsPanel(string name)
    {
        foreach (var panel in GrafanaDashboard.Load(name).Panels.Where(p => (string?)p["type"] != "row"))
        {
            var where = $"{name} panel {panel["id"]} \"{panel["title"]}\"";
            var targets = (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
            Assert.True(targets.Count > 0, $"{where}: no targets");
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace((string?)t["expr"]), $"{where}: target {t["refId"]} has no expr"));
            var refIds = targets.Select(t => (string?)t["refId"]).ToList();
            Assert.True(refIds.All(r => !string.IsNullOrEmpty(r)) && refIds.Distinct().Count() == refIds.Count, $"{where}: refIds {string.Join(",", refIds)}");
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_EveryVariableUsedInAnExpr_IsDefined(string name)
    {
        var dashboard = GrafanaDashboard.Load(name);
        var defined = dashboard.Variables.Select(v => (string?)v["name"]).ToHashSet();

        var undefined = dashboard.Targets
            .SelectMany(t => System.Text.RegularExpressions.Regex.Matches((string?)t.Target["expr"] ?? "", @"\$\{?([a-zA-Z][a-zA-Z0-9_]*)").Select(m => m.Groups[1].Value))
            .Where(v => !defined.Contains(v))
            .Distinct()
            .ToList();

        Assert.True(undefined.Count == 0, $"{name}: variables used but not defined: {string.Join(", ", undefined)}");
    }

    [Fact]
    public void Dashboards_HaveDistinctUidsAndTitles()
    {
        var dashboards = MonitoringFiles.DashboardNames.Select(GrafanaDashboard.Load).ToList();

        Assert.Equal(dashboards.Count, dashboards.Select(d => (string?)d.Root["uid"]).Distinct().Count());
        Assert.Equal(dashboards.Count, dashboards.Select(d => (string?)d.Root["title"]).Distinct().Count());
    }

    [Fact]
    public void DashboardFolder_HoldsExactlyTheTestedDashboards()
    {
        var files = Directory.GetFiles(Path.GetDirectoryName(MonitoringFiles.Dashboard("x"))!, "*.json").Select(Path.GetFileName).Order();

        Assert.Equal(MonitoringFiles.DashboardNames.Order(), files);
    }
}
