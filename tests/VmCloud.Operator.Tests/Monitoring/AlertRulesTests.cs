using System.Text.RegularExpressions;

namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>The alert rules of examples/monitoring/rules: complete annotations, a runbook each, a firing unit test each.</summary>
public sealed partial class AlertRulesTests
{
    private const string RunbookUrlPrefix = "examples/monitoring/README.md#";
    private static readonly HashSet<string> Severities = ["critical", "warning", "info"];

    private readonly IReadOnlyList<AlertRule> alerts = AlertRule.Load(MonitoringFiles.Rules);

    [Fact]
    public void Rules_HaveAlerts_WithDistinctNames()
    {
        Assert.True(alerts.Count >= 15, $"only {alerts.Count} alerts");
        Assert.Empty(alerts.GroupBy(a => a.Name).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void EveryAlert_HasASeveritySummaryTemplatedDescriptionAndRunbook()
    {
        var problems = alerts.SelectMany(a => Problems(a).Select(p => $"{a.Name}: {p}")).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryRunbookUrl_PointsAtASectionOfTheReadme()
    {
        var sections = HeadingAnchors(File.ReadAllText(MonitoringFiles.Readme));

        var broken = alerts.Where(a => a.Annotations.ContainsKey("runbook_url"))
            .Select(a => (a.Name, Url: a.Annotations["runbook_url"]))
            .Where(a => !a.Url.StartsWith(RunbookUrlPrefix, StringComparison.Ordinal) || !sections.Contains(a.Url[RunbookUrlPrefix.Length..]))
            .Select(a => $"{a.Name}: {a.Url}")
            .ToList();

        Assert.True(broken.Count == 0, $"runbook_url without a README.md section:\n{string.Join('\n', broken)}");
    }

    [Fact]
    public void EveryAlert_FiresInAPromtoolUnitTest_AndEveryTestedAlertExists()
    {
        var cases = MonitoringFiles.LoadYaml(MonitoringFiles.RuleTests).Maps("tests")
            .SelectMany(t => t.Maps("alert_rule_test"))
            .Select(c => (Name: c.Text("alertname") ?? "", Fires: c.Maps("exp_alerts").Any()))
            .ToList();
        var names = alerts.Select(a => a.Name).ToHashSet();

        Assert.Empty(names.Where(n => !cases.Any(c => c.Name == n && c.Fires)).Order());
        Assert.Empty(cases.Select(c => c.Name).Where(n => !names.Contains(n)).Distinct()); // a typo would pass vacuously
    }

    [Fact]
    public void RuleUnitTests_LoadTheRulesFile()
    {
        var tests = MonitoringFiles.LoadYaml(MonitoringFiles.RuleTests);

        Assert.Equal(["vmcloud-alerts.yml"], tests.Texts("rule_files"));
    }

    [Fact]
    public void PrometheusConfig_ScrapesTheOperatorAndTheAgentsEvery15s_AndLoadsTheRules()
    {
        var config = MonitoringFiles.LoadYaml(MonitoringFiles.PrometheusConfig);
        var jobs = config.Maps("scrape_configs").ToDictionary(j => j.Text("job_name") ?? "");

        Assert.Equal("15s", config.Map("global").Text("scrape_interval"));
        Assert.Equal(["rules/vmcloud-alerts.yml"], config.Texts("rule_files"));
        Assert.Equal("/metrics", jobs["vmcloud-operator"].Text("metrics_path"));
        Assert.Contains("127.0.0.1:8080", jobs["vmcloud-operator"].Maps("static_configs").SelectMany(s => s.Texts("targets")));
        Assert.Equal("/metrics", jobs["vmcloud-agent"].Text("metrics_path"));
        Assert.NotEmpty(jobs["vmcloud-agent"].Maps("static_configs").SelectMany(s => s.Texts("targets")));
        // The operator-down alert keys on the job name.
        Assert.Contains(alerts, a => a.Expression.Contains("up{job=\"vmcloud-operator\"}", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Problems(AlertRule alert)
    {
        if (!Severities.Contains(alert.Labels.GetValueOrDefault("severity", "")))
            yield return $"labels.severity is '{alert.Labels.GetValueOrDefault("severity")}', not one of {string.Join('/', Severities)}";
        if (string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")))
            yield return "no summary";
        var description = alert.Annotations.GetValueOrDefault("description", "");
        if (string.IsNullOrWhiteSpace(description))
            yield return "no description";
        else if (!description.Contains("$labels", StringComparison.Ordinal) && !description.Contains("$value", StringComparison.Ordinal))
            yield return "the description uses neither $labels nor $value";
        if (string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("runbook")) && string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("runbook_url")))
            yield return "neither runbook nor runbook_url";
    }

    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    private static HashSet<string> HeadingAnchors(string markdown) =>
        Heading().Matches(markdown)
            .Select(m => NotInAnchor().Replace(m.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^a-z0-9 _-]")]
    private static partial Regex NotInAnchor();
}
