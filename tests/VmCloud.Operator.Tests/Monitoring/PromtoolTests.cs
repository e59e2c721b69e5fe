using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VmCloud.Tests;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>examples/monitoring through the real promtool: the config, the rules, their unit tests, the dashboards' PromQL.</summary>
public sealed partial class PromtoolTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("vmcloud-monitoring-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [PromtoolFact]
    public async Task Config_PassesPromtoolCheck()
    {
        var (exitCode, output) = await Promtool.RunAsync(MonitoringFiles.Folder, "check", "config", "prometheus.yml");

        Assert.True(exitCode == 0, $"promtool check config exited {exitCode}:\n{output}");
        Assert.Contains("rules/vmcloud-alerts.yml", output); // it followed rule_files
    }

    [PromtoolFact]
    public async Task Rules_PassPromtoolCheck()
    {
        var (exitCode, output) = await Promtool.RunAsync(MonitoringFiles.Folder, "check", "rules", "rules/vmcloud-alerts.yml");

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}");
        Assert.Contains($"SUCCESS: {AlertRule.Load(MonitoringFiles.Rules).Count} rules found", output);
    }

    [PromtoolFact]
    public async Task RuleUnitTests_PassPromtoolTest()
    {
        var (exitCode, output) = await Promtool.RunAsync(MonitoringFiles.Folder, "test", "rules", "rules/vmcloud-alerts.test.yml");

        Assert.True(exitCode == 0, $"promtool test rules exited {exitCode}:\n{output}");
        Assert.Contains("SUCCESS", output);
    }

    [PromtoolFact]
    public async Task RuleUnitTests_FailWhenAnExpectedAnnotationIsWrong()
    {
        // Proves the unit tests compare what they claim: one changed percentage must fail them.
        File.Copy(MonitoringFiles.Rules, Path.Combine(scratch, "vmcloud-alerts.yml"));
        var tests = File.ReadAllText(MonitoringFiles.RuleTests);
        Assert.Contains("PAR-1 has 75% of its schedulable vcpu", tests);
        File.WriteAllText(Path.Combine(scratch, "vmcloud-alerts.test.yml"), tests.Replace("PAR-1 has 75% of its schedulable vcpu", "PAR-1 has 76% of its schedulable vcpu", StringComparison.Ordinal));

        var (exitCode, output) = await Promtool.RunAsync(scratch, "test", "rules", "vmcloud-alerts.test.yml");

        Assert.True(exitCode != 0, $"promtool test rules passed with a wrong expectation:\n{output}");
        Assert.Contains("76%", output);
    }

    [PromtoolFact]
    public async Task DashboardExpressions_ParseWithPromtool()
    {
        // promtool has no "check query": every dashboard expression becomes a recording rule, with
        // Grafana's variables replaced by what Grafana would put there.
        var expressions = MonitoringFiles.DashboardNames.Select(GrafanaDashboard.Load).SelectMany(d => d.Expressions)
            .Select(e => (e.Where, Expression: e.IsVariableQuery ? PromQlNames.VariableQueryExpression(e.Expression) : e.Expression))
            .Where(e => e.Expression is not null)
            .ToList();
        var rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        for (var i = 0; i < expressions.Count; i++)
            rules.Append($"      - record: dashboard_expression_{i}\n        expr: {JsonSerializer.Serialize(AsPrometheusWouldSee(expressions[i].Expression!))}\n");
        var path = Path.Combine(scratch, "dashboards.rules.yml");
        File.WriteAllText(path, rules.ToString());

        var (exitCode, output) = await Promtool.RunAsync(scratch, "check", "rules", path);

        Assert.True(exitCode == 0, $"promtool check rules on the dashboards' expressions exited {exitCode}:\n{output}\n"
            + string.Join('\n', expressions.Select((e, i) => $"dashboard_expression_{i}: {e.Where}: {e.Expression}")));
        Assert.Contains($"SUCCESS: {expressions.Count} rules found", output);
    }

    private static string AsPrometheusWouldSee(string expression)
    {
        var text = expression.Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("$__range", "1h", StringComparison.Ordinal)
            .Replace("$__interval", "1m", StringComparison.Ordinal);
        return GrafanaVariable().Replace(text, ".*"); // the others only appear in regex matchers: All
    }

    [GeneratedRegex(@"\$\{?[a-zA-Z_][a-zA-Z0-9_]*\}?")]
    private static partial Regex GrafanaVariable();
}
