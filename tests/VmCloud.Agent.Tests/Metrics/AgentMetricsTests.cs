using VmCloud.Agent.Convergence;
using VmCloud.Agent.Metrics;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Metrics;

public sealed class AgentMetricsTests
{
    [Fact]
    public void Render_ShowsEachNodesDomains_AndTheProcessWideCounters()
    {
        var metrics = new AgentMetrics();
        var web = Server("web");
        var db = Server("db");
        var after = NodeClassification.Of(Doc([web, db]), Observed([DomainOf(web), DomainOf(db, running: false), DomainOf(Server("old")), Foreign("legacy", Uid("ghost"))]));

        metrics.PassDone("par1-c01", TimeSpan.FromMilliseconds(3), applied: 4, failed: 1, after, ownersInError: 1);
        metrics.Reported("par1-c01", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        metrics.RequestDone("report", "204", TimeSpan.FromMilliseconds(2));
        var text = metrics.Render();

        Assert.Contains("vmcloud_agent_domains{node=\"par1-c01\",state=\"running\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vmcloud_agent_domains{node=\"par1-c01\",state=\"shutoff\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vmcloud_agent_orphans{node=\"par1-c01\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vmcloud_agent_foreign_domains{node=\"par1-c01\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vmcloud_agent_actions_total{result=\"failed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vmcloud_agent_last_report_timestamp_seconds{node=\"par1-c01\"} 1700000000\n", text, StringComparison.Ordinal);
        Assert.Contains("vmcloud_agent_converge_duration_seconds_bucket{le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vmcloud_agent_protocol_request_duration_seconds_count{request=\"report\",code=\"204\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(1, metrics.RequestCount("report", "204"));
    }
}
