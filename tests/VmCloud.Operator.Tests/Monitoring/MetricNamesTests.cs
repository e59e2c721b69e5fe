namespace VmCloud.Operator.Tests.Monitoring;

/// <summary>Rules and dashboards use only the metric names of docs/metrics.md (the contract).</summary>
public sealed class MetricNamesTests
{
    private readonly MetricsContract contract = MetricsContract.Load(MonitoringFiles.MetricsDoc);

    [Fact]
    public void Contract_ReadsEveryTableOfDocsMetrics()
    {
        Assert.True(contract.Types.Count >= 40, $"only {contract.Types.Count} names read from docs/metrics.md");
        Assert.Equal("histogram", contract.Types["vmcloud_reconcile_duration_seconds"]);
        Assert.Equal("counter", contract.Types["vmcloud_billing_charged_euros_total"]);
        Assert.Equal("gauge", contract.Types["vmcloud_capacity_target_utilisation_ratio"]);
        Assert.Equal("gauge", contract.Types["vmcloud_agent_last_report_timestamp_seconds"]);
        Assert.All(contract.Types, t => Assert.Contains(t.Value, new[] { "counter", "gauge", "histogram" }));
    }

    [Theory]
    [InlineData("vmcloud_reconcile_duration_seconds_bucket", "vmcloud_reconcile_duration_seconds")]
    [InlineData("vmcloud_agent_request_duration_seconds_count", "vmcloud_agent_request_duration_seconds")]
    [InlineData("vmcloud_source_sync_duration_seconds_sum", "vmcloud_source_sync_duration_seconds")]
    [InlineData("vmcloud_billing_usage_records_total", "vmcloud_billing_usage_records_total")]
    [InlineData("vmcloud_resources_count", "vmcloud_resources_count")] // a gauge has no _count series
    public void Family_MapsAHistogramsSeriesToTheHistogram(string series, string family) =>
        Assert.Equal(family, contract.Family(series));

    [Theory]
    [InlineData("vmcloud_reconcile_duration_seconds_bucket", true)]
    [InlineData("up", true)]
    [InlineData("vmcloud_capacity_free_vcpus", false)]
    [InlineData("vmcloud_resources_count", false)]
    [InlineData("node_cpu_seconds_total", false)]
    public void Allows_OnlyDocumentedNamesAndUp(string series, bool allowed) => Assert.Equal(allowed, contract.Allows(series));

    [Theory]
    [InlineData("""sum by (tenant) (increase(vmcloud_billing_charged_euros_total{tenant=~"$tenant",kind!="x"}[$__range] offset 1h))""", "vmcloud_billing_charged_euros_total")]
    [InlineData("histogram_quantile(0.99, sum by (le, kind) (rate(vmcloud_reconcile_duration_seconds_bucket[5m])))", "vmcloud_reconcile_duration_seconds_bucket")]
    [InlineData("(a_ratio > on(resource, model) group_left() max by (resource, model) (b_ratio)) <= 0.95", "a_ratio b_ratio")]
    [InlineData("time() - vmcloud_billing_last_closed_hour_timestamp_seconds > 2 * 3600", "vmcloud_billing_last_closed_hour_timestamp_seconds")]
    [InlineData("""up{job="vmcloud-operator"} == 0 or absent(up{job="vmcloud-operator"})""", "up")]
    [InlineData("count(y == bool 1) without (node) unless on (node) z offset 5m and ignoring(a, b) w", "w y z")]
    [InlineData("""label_replace(m, "dst", "$1", "src", "(by|on) x")""", "m")]
    [InlineData("1e3 * q + 0x1F - .5 + Inf + NaN", "q")]
    [InlineData("avg_over_time((sum by (model) (g{state='allocated'}))[1d:5m]) < 0.3", "g")]
    [InlineData("""{__name__="vmcloud_resources", kind="Volume"} * 2""", "vmcloud_resources")]
    [InlineData("job:vmcloud_x:rate5m / ignoring (le) group_right (node) x", "job:vmcloud_x:rate5m x")]
    [InlineData("vector(0)", "")]
    public void PromQlNames_FindsTheMetricNames_NotFunctionsKeywordsLabelsOrDurations(string expression, string names) =>
        Assert.Equal(names.Split(' ', StringSplitOptions.RemoveEmptyEntries), PromQlNames.Of(expression));

    [Theory]
    [InlineData("label_values(vmcloud_tenant_mrr_euros, tenant)", "vmcloud_tenant_mrr_euros")]
    [InlineData("""label_values(vmcloud_capacity_gpus{state="physical"}, model)""", "vmcloud_capacity_gpus")]
    [InlineData("label_values(datacenter)", "")]
    [InlineData("query_result(topk(5, vmcloud_workqueue_depth))", "vmcloud_workqueue_depth")]
    public void PromQlNames_OfVariableQuery_ReadsTheSelector(string query, string names) =>
        Assert.Equal(names.Split(' ', StringSplitOptions.RemoveEmptyEntries), PromQlNames.OfVariableQuery(query));

    [Fact]
    public void EveryMetricInTheRules_IsInDocsMetrics()
    {
        var expressions = AlertRule.Expressions(MonitoringFiles.LoadYaml(MonitoringFiles.Rules)).ToList();

        AssertDocumented(expressions.Select(e => (e.Where, e.Expression, false)));
    }

    [Fact]
    public void EveryMetricInTheDashboards_IsInDocsMetrics()
    {
        var expressions = MonitoringFiles.DashboardNames.Select(GrafanaDashboard.Load).SelectMany(d => d.Expressions).ToList();

        AssertDocumented(expressions);
    }

    private void AssertDocumented(IEnumerable<(string Where, string Expression, bool IsVariableQuery)> expressions)
    {
        var found = expressions
            .Select(e => (e.Where, e.Expression, Names: e.IsVariableQuery ? PromQlNames.OfVariableQuery(e.Expression) : PromQlNames.Of(e.Expression)))
            .ToList();

        // Every expression reads something: a tokeniser that dropped every name would pass vacuously.
        Assert.True(found.Count > 0);
        Assert.Empty(found.Where(f => f.Names.Count == 0).Select(f => $"{f.Where}: no metric in {f.Expression}"));
        var undocumented = found.SelectMany(f => f.Names.Where(n => !contract.Allows(n)).Select(n => $"{f.Where}: {n}")).ToList();
        Assert.True(undocumented.Count == 0, $"metric names not in docs/metrics.md:\n{string.Join('\n', undocumented)}");
    }
}
