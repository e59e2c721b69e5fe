using VmCloud.Engine.Scheduling;
using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>A server on a failed node moves only when the node is fenced: never two copies.</summary>
public class BoundServersTests
{
    public static TheoryData<string, NodeSnapshot?, BindingAction, string> Nodes => new()
    {
        { "Ready", Compute("par1-c01"), BindingAction.Stay, "bound to node par1-c01" },
        { "cordoned", Compute("par1-c01") with { Unschedulable = true }, BindingAction.Stay, "node par1-c01 is cordoned" },
        { "heartbeat lost", Compute("par1-c01") with { Ready = false }, BindingAction.WaitForNode, "Fence the node (spec.fenced: true) once it is confirmed off" },
        { "heartbeat lost and cordoned", Compute("par1-c01") with { Ready = false, Unschedulable = true }, BindingAction.WaitForNode, "is not Ready" },
        { "fenced, heartbeat lost", Compute("par1-c01") with { Ready = false, Fenced = true }, BindingAction.Reschedule, "node par1-c01 is fenced" },
        { "fenced while its agent still reports", Compute("par1-c01") with { Fenced = true }, BindingAction.Reschedule, "may be placed on another node" },
        { "gone from the fleet", null, BindingAction.WaitForNode, "node par1-c01 is not in the fleet" },
    };

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Decide_MovesAServer_OnlyOffAFencedNode(string state, NodeSnapshot? node, BindingAction expected, string message)
    {
        var decision = BoundServers.Decide("par1-c01", node);

        Assert.True(expected == decision.Action, $"{state}: expected {expected}, got {decision.Action}");
        Assert.Equal(expected != BindingAction.Reschedule, decision.MustStayBound);
        Assert.Contains(message, decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_PlacesNothingNew_OnANodeThatLostItsHeartbeat()
    {
        // The other half of the rule: the silent node takes nothing new either.
        var reason = AssertUnschedulable(Schedule(Vps("a"), Compute("par1-c01") with { Ready = false }));

        Assert.Contains("is not Ready", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reschedule_OffAFencedNode_GoesToAnotherNode()
    {
        var fenced = Compute("par1-c01") with { Fenced = true, Ready = false };
        var fleet = new FleetAllocation([fenced, Compute("par1-c02")], Policy);
        var server = Vps("db", vcpus: 8);
        fleet.Bind(new Placement(server, "par1-c01", []));

        Assert.Equal(BindingAction.Reschedule, BoundServers.Decide("par1-c01", fleet.FindNode("par1-c01")).Action);
        fleet.Release(server.Key);

        Assert.Equal("par1-c02", AssertPlaced(fleet.Place(server)).NodeName);
    }
}
