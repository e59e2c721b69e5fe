using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Metrics;
using VmCloud.Operator.Metrics;

namespace VmCloud.Operator.Tests.Metrics;

public sealed class ControlPlaneFamiliesTests
{
    private static readonly DateTimeOffset Now = new(2025, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private static HypervisorNode Node(string name, DateTimeOffset? heartbeat, ConditionStatus? ready = null, string datacenter = "PAR-1") => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new HypervisorNodeSpec { Datacenter = datacenter, Role = NodeRole.Compute },
        Status = new HypervisorNodeStatus
        {
            LastHeartbeatTime = heartbeat,
            Conditions = ready is { } status ? [new Condition { Type = ConditionTypes.Ready, Status = status, Reason = "Test" }] : [],
        },
    };

    private static string Render(ControlPlaneState state) => PrometheusTextFormat.Render(ControlPlaneFamilies.Of(state));

    private static ControlPlaneState Nodes(params HypervisorNode[] nodes) => new([], nodes, [], Now, Timeout);

    public static TheoryData<string, HypervisorNode, string> NodeLines => new()
    {
        { "a fresh heartbeat is ready", Node("a", Now.AddSeconds(-3)), "vmcloud_node_ready{node=\"a\",datacenter=\"PAR-1\"} 1\n" },
        { "its age in seconds", Node("a", Now.AddSeconds(-3.5)), "vmcloud_node_heartbeat_age_seconds{node=\"a\",datacenter=\"PAR-1\"} 3.5\n" },
        { "a heartbeat at the timeout is still ready", Node("a", Now - Timeout), "vmcloud_node_ready{node=\"a\",datacenter=\"PAR-1\"} 1\n" },
        { "a stale heartbeat is not", Node("a", Now - Timeout - TimeSpan.FromSeconds(1), ConditionStatus.True), "vmcloud_node_ready{node=\"a\",datacenter=\"PAR-1\"} 0\n" },
        { "stale: its age keeps growing", Node("a", Now.AddMinutes(-5)), "vmcloud_node_heartbeat_age_seconds{node=\"a\",datacenter=\"PAR-1\"} 300\n" },
        { "a Ready condition that is not True", Node("a", Now, ConditionStatus.Unknown, "AMS-1"), "vmcloud_node_ready{node=\"a\",datacenter=\"AMS-1\"} 0\n" },
        { "never reported", Node("a", null), "vmcloud_node_ready{node=\"a\",datacenter=\"PAR-1\"} 0\n" },
        { "a heartbeat stamped ahead of the clock is age 0", Node("a", Now.AddSeconds(2)), "vmcloud_node_heartbeat_age_seconds{node=\"a\",datacenter=\"PAR-1\"} 0\n" },
    };

    [Theory]
    [MemberData(nameof(NodeLines))]
    public void Nodes_AreReadyAndAged_AsTheSchedulerJudgesThem(string why, HypervisorNode node, string line)
    {
        var exposition = Render(Nodes(node));

        Assert.True(exposition.Contains(line, StringComparison.Ordinal), $"{why}: no {line.TrimEnd()} in\n{exposition}");
    }

    [Fact]
    public void ANodeThatNeverReported_HasNoHeartbeatAge()
    {
        Assert.DoesNotContain("vmcloud_node_heartbeat_age_seconds{", Render(Nodes(Node("a", null))), StringComparison.Ordinal);
    }

    [Fact]
    public void Leftovers_AreByNode_AndOnlyForNodesThatExist()
    {
        var exposition = Render(new ControlPlaneState([], [Node("b", Now), Node("a", Now)], [("b", 2, 1), ("gone", 5, 5), ("a", 0, 0)], Now, Timeout));

        Assert.Contains("vmcloud_node_orphans{node=\"a\"} 0\nvmcloud_node_orphans{node=\"b\"} 2\n", exposition, StringComparison.Ordinal);
        Assert.Contains("vmcloud_node_foreign_domains{node=\"a\"} 0\nvmcloud_node_foreign_domains{node=\"b\"} 1\n", exposition, StringComparison.Ordinal);
        Assert.DoesNotContain("node=\"gone\"", exposition, StringComparison.Ordinal);
    }

    [Fact]
    public void Resources_AreByKindThenPhase()
    {
        var exposition = Render(new ControlPlaneState([("Volume", "Bound", 3), ("Tenant", "Active", 2), ("Volume", "Pending", 0)], [], [], Now, Timeout));

        Assert.Contains("vmcloud_resources{kind=\"Tenant\",phase=\"Active\"} 2\nvmcloud_resources{kind=\"Volume\",phase=\"Bound\"} 3\nvmcloud_resources{kind=\"Volume\",phase=\"Pending\"} 0\n",
            exposition, StringComparison.Ordinal);
    }
}
