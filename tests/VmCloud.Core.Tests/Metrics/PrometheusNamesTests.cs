using VmCloud.Core.Metrics;

namespace VmCloud.Core.Tests.Metrics;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("vmcloud.reconcile.duration", "s", MetricType.Histogram, "vmcloud_reconcile_duration_seconds")]
    [InlineData("vmcloud.reconcile.errors", null, MetricType.Counter, "vmcloud_reconcile_errors_total")]
    [InlineData("vmcloud.requests.total", null, MetricType.Counter, "vmcloud_requests_total")]
    [InlineData("vmcloud.workqueue.depth", null, MetricType.Gauge, "vmcloud_workqueue_depth")]
    [InlineData("vmcloud.agent.rpc.duration", "ms", MetricType.Histogram, "vmcloud_agent_rpc_duration_seconds")]
    [InlineData("vmcloud.io", "By", MetricType.Counter, "vmcloud_io_bytes_total")]
    [InlineData("vmcloud.memory.bytes", "By", MetricType.Gauge, "vmcloud_memory_bytes")]
    [InlineData("vmcloud.requests", "{request}", MetricType.Counter, "vmcloud_requests_total")]
    [InlineData("vmcloud.cpu.utilization", "1", MetricType.Gauge, "vmcloud_cpu_utilization")]
    [InlineData("vmcloud.disk.usage", "%", MetricType.Gauge, "vmcloud_disk_usage_ratio")]
    [InlineData("vmcloud.rate", "requests/s", MetricType.Gauge, "vmcloud_rate_requests_per_s")]
    [InlineData("http-server/active requests", null, MetricType.Gauge, "http_server_active_requests")]
    [InlineData("9lives", null, MetricType.Gauge, "_9lives")]
    public void ForInstrument_BuildsThePrometheusName(string instrument, string? unit, MetricType type, string expected)
    {
        var name = PrometheusNames.ForInstrument(instrument, PrometheusUnit.From(unit), type);

        Assert.Equal(expected, name);
        Assert.True(PrometheusNames.IsMetricName(name));
    }

    [Theory]
    [InlineData("s", "seconds", 1)]
    [InlineData("ms", "seconds", 0.001)]
    [InlineData("ns", "seconds", 1e-9)]
    [InlineData("min", "seconds", 60)]
    [InlineData("By", "bytes", 1)]
    [InlineData("MiBy", "bytes", 1048576)]
    [InlineData("%", "ratio", 0.01)]
    [InlineData("1", "", 1)]
    [InlineData("{node}", "", 1)]
    [InlineData("", "", 1)]
    public void Unit_MapsToABaseUnit_AndItsScale(string unit, string suffix, double scale)
    {
        Assert.Equal(new PrometheusUnit(suffix, scale), PrometheusUnit.From(unit));
    }

    [Theory]
    [InlineData("kind", "kind")]
    [InlineData("http.route", "http_route")]
    [InlineData("__meta", "_meta")]
    [InlineData("2xx", "_2xx")]
    [InlineData("", "_")]
    public void ToLabelName_MakesATagKeyALabelName(string tagKey, string expected)
    {
        Assert.Equal(expected, PrometheusNames.ToLabelName(tagKey));
        Assert.True(PrometheusNames.IsLabelName(expected));
    }

    [Theory]
    [InlineData("a", true, true)]
    [InlineData("_a1", true, true)]
    [InlineData("job:rate5m", true, false)]
    [InlineData("a.b", false, false)]
    [InlineData("1a", false, false)]
    [InlineData("", false, false)]
    [InlineData("é", false, false)]
    public void NameRules_FollowTheDataModel(string name, bool metric, bool label)
    {
        Assert.Equal((metric, label), (PrometheusNames.IsMetricName(name), PrometheusNames.IsLabelName(name)));
    }
}
