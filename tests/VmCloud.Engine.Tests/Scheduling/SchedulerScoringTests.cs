using VmCloud.Engine.Scheduling;
using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Scheduling;

/// <summary>Spreading servers, staying under target utilisation, and the same answer every time.</summary>
public class SchedulerScoringTests
{
    public static TheoryData<ScheduleCase> SpreadCases => new()
    {
        new("the least utilised node",
            [Compute("par1-c01").With(Vps("x", vcpus: 32)), Compute("par1-c02").With(Vps("y", vcpus: 8))], Vps("a"), "par1-c02"),
        // Utilisation is the dominant resource: 50 % of memory beats 25 % of vCPUs.
        new("the dominant resource decides",
            [Compute("par1-c01").With(Vps("x", vcpus: 32, memoryGiB: 8)), Compute("par1-c02").With(Vps("y", vcpus: 8, memoryGiB: 128))], Vps("a"), "par1-c01"),
        // After placing, c01 is at 68.75 % of memory, under the 70 % target; c02 at 7 % of memory
        // but 65 % of storage, over the 60 % storage target. c01 stays under every target.
        new("a node that stays under target beats a less utilised one that goes over",
            [Compute("par1-c01").With(Vps("x", memoryGiB: 160)), Compute("par1-c02").With(Vps("y", memoryGiB: 2, diskGiB: 792))],
            Vps("a", memoryGiB: 16), "par1-c01"),
        new("over target on every node still places",
            [Compute("par1-c01").With(Vps("x", memoryGiB: 200)), Compute("par1-c02").With(Vps("y", memoryGiB: 220))], Vps("a", memoryGiB: 16), "par1-c01"),
        // Storage-dense nodes stay free for the plans with big disks.
        new("equal load: the node with less storage left", [Compute("par1-c34", storageGiB: 7680), Compute("par1-c35")], Vps("a"), "par1-c35"),
        new("equal nodes: the first name", [Compute("par1-c03"), Compute("par1-c02"), Compute("par1-c10")], Vps("a"), "par1-c02"),
        new("load balancers: the node with fewer objects",
            [LbNode("par1-lb-01").With(Lb("x")), LbNode("par1-lb-02")], Lb("y"), "par1-lb-02"),
    };

    [Theory]
    [MemberData(nameof(SpreadCases))]
    public void Schedule_SpreadsServers_OverTheLeastUtilisedNodes(ScheduleCase row) => row.Verify();

    [Fact]
    public void Schedule_GivesTheSameNode_WhateverTheOrderOfTheNodes()
    {
        var nodes = Enumerable.Range(1, 40).Select(i => Compute($"par1-c{i:00}").With(Vps($"x{i}", vcpus: i % 4, memoryGiB: 8 * (i % 3)))).ToList();
        var request = Vps("a", vcpus: 4, memoryGiB: 8);
        var expected = AssertPlaced(Scheduler.Schedule(request, nodes, Policy));

        for (var seed = 0; seed < 20; seed++)
        {
            var shuffled = nodes.ToArray();
            new Random(seed).Shuffle(shuffled);

            Assert.Equal(expected.NodeName, AssertPlaced(Scheduler.Schedule(request, shuffled, Policy)).NodeName);
        }
    }

    [Fact]
    public void Schedule_GivesTheSameReason_WhateverTheOrderOfTheNodes()
    {
        List<NodeSnapshot> nodes = [Compute("par1-c02", memoryGiB: 48), Compute("par1-c01", memoryGiB: 48), Compute("par1-c03", memoryGiB: 32)];
        var request = Vps("a", memoryGiB: 64);

        var forward = AssertUnschedulable(Scheduler.Schedule(request, nodes, Policy));
        nodes.Reverse();
        var backward = AssertUnschedulable(Scheduler.Schedule(request, nodes, Policy));

        Assert.Equal(forward, backward);
        Assert.Contains("most free: 48 GiB on par1-c01", forward, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_SpreadsAGroupOfServers_OnePerNode()
    {
        var fleet = new FleetAllocation([Compute("par1-c01"), Compute("par1-c02"), Compute("par1-c03")], Policy);

        var nodes = Enumerable.Range(1, 3).Select(i => AssertPlaced(fleet.Place(Vps($"web-{i}", spreadGroup: "web"))).NodeName).ToList();

        Assert.Equal(["par1-c01", "par1-c02", "par1-c03"], nodes.Order(StringComparer.Ordinal));
        Assert.Contains("spread group acme/web", AssertUnschedulable(fleet.Place(Vps("web-4", spreadGroup: "web"))), StringComparison.Ordinal);
    }
}
