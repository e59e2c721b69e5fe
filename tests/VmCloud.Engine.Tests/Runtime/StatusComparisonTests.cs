using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Runtime;

namespace VmCloud.Engine.Tests.Runtime;

public sealed class StatusComparisonTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private static ServerStatus Status(string node = "node-1", params string[] addresses) => new()
    {
        ObservedGeneration = 2,
        Phase = "Running",
        NodeName = node,
        Addresses = [.. addresses],
        Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = "Running", LastTransitionTime = Now, ObservedGeneration = 2 }],
    };

    [Fact]
    public void HasChanged_EqualContentInNewLists_IsUnchanged()
    {
        // Record equality would call these different: their lists are different instances.
        Assert.False(StatusComparison.HasChanged(Status("node-1", "10.0.0.5"), Status("node-1", "10.0.0.5")));
    }

    [Fact]
    public void HasChanged_AnyDifference_IsChanged()
    {
        var stored = Status("node-1", "10.0.0.5");

        Assert.True(StatusComparison.HasChanged(stored, Status("node-2", "10.0.0.5")));
        Assert.True(StatusComparison.HasChanged(stored, Status("node-1", "10.0.0.6")));
        Assert.True(StatusComparison.HasChanged(stored, stored with { ObservedGeneration = 3 }));
        Assert.True(StatusComparison.HasChanged(stored, stored with { Conditions = [] }));
    }

    [Fact]
    public void HasChanged_Nulls()
    {
        Assert.False(StatusComparison.HasChanged(null, null));
        Assert.True(StatusComparison.HasChanged(null, Status()));
        Assert.True(StatusComparison.HasChanged(Status(), null));
    }
}
