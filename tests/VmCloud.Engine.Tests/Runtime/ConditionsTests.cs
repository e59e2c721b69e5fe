using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Tests.Runtime.Fakes;

namespace VmCloud.Engine.Tests.Runtime;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset Earlier = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly Condition ReadyTrue = new()
    {
        Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = "Running", Message = "The server runs.",
        LastTransitionTime = Earlier, ObservedGeneration = 1,
    };

    public static TheoryData<string, ConditionStatus, string, string, long, bool, bool, DateTimeOffset> SetCases() => new()
    {
        // case, status, reason, message, generation → changed, transitioned, lastTransitionTime
        { "same everything", ConditionStatus.True, "Running", "The server runs.", 1, false, false, Earlier },
        { "new message only", ConditionStatus.True, "Running", "The server runs on node-2.", 1, true, false, Earlier },
        { "new reason only", ConditionStatus.True, "Migrated", "The server runs.", 1, true, false, Earlier },
        { "new generation only", ConditionStatus.True, "Running", "The server runs.", 2, true, false, Earlier },
        { "status flips to False", ConditionStatus.False, "NodeLost", "The node stopped reporting; wait or fence it.", 1, true, true, Now },
        { "status flips to Unknown", ConditionStatus.Unknown, "AgentSilent", "The agent is silent.", 1, true, true, Now },
    };

    [Theory]
    [MemberData(nameof(SetCases))]
    public void Set_ChangesTransitionTimeOnlyWhenTheStatusFlips(
        string @case, ConditionStatus status, string reason, string message, long generation, bool changed, bool transitioned, DateTimeOffset transitionTime)
    {
        var update = Conditions.Set([ReadyTrue], ConditionTypes.Ready, status, reason, message, generation, Now);

        Assert.True(update.Changed == changed, @case);
        Assert.True(update.Transitioned == transitioned, @case);
        var ready = Assert.Single(update.Conditions);
        Assert.Equal(transitionTime, ready.LastTransitionTime);
        Assert.Equal(generation, ready.ObservedGeneration);
        Assert.Equal((status, reason, message), (ready.Status, ready.Reason, ready.Message));
    }

    [Fact]
    public void Set_NewType_IsAppendedAsATransition_AndTheInputIsUntouched()
    {
        IReadOnlyList<Condition> before = [ReadyTrue];

        var update = Conditions.Set(before, ConditionTypes.Scheduled, ConditionStatus.True, "Bound", "Bound to node-1.", 3, Now);

        Assert.True(update.Changed);
        Assert.True(update.Transitioned);
        Assert.Equal([ConditionTypes.Ready, ConditionTypes.Scheduled], update.Conditions.Select(c => c.Type));
        Assert.Equal(Now, update.Conditions[1].LastTransitionTime);
        Assert.Equal(3, update.Conditions[1].ObservedGeneration);
        Assert.Single(before);
    }

    [Fact]
    public void Set_Unchanged_ReturnsTheSameList()
    {
        IReadOnlyList<Condition> before = [ReadyTrue];

        var update = Conditions.Set(before, ConditionTypes.Ready, ConditionStatus.True, "Running", "The server runs.", 1, Now);

        Assert.Same(before, update.Conditions);
    }

    [Fact]
    public void Set_OnNull_StartsAList()
    {
        var update = Conditions.Set(null, ConditionTypes.Admitted, ConditionStatus.False, "QuotaExceeded", "Raise the quota.", 1, Now);

        Assert.Equal(ConditionTypes.Admitted, Assert.Single(update.Conditions).Type);
    }

    [Fact]
    public void FindIsTrueIsFalseRemove_ReadTheList()
    {
        var admittedFalse = ReadyTrue with { Type = ConditionTypes.Admitted, Status = ConditionStatus.False };
        IReadOnlyList<Condition> list = [ReadyTrue, admittedFalse];

        Assert.Same(admittedFalse, Conditions.Find(list, ConditionTypes.Admitted));
        Assert.Null(Conditions.Find(list, ConditionTypes.Scheduled));
        Assert.True(Conditions.IsTrue(list, ConditionTypes.Ready));
        Assert.True(Conditions.IsFalse(list, ConditionTypes.Admitted));
        Assert.False(Conditions.IsTrue(list, ConditionTypes.Scheduled));
        Assert.False(Conditions.IsFalse(list, ConditionTypes.Scheduled));
        Assert.Equal([ConditionTypes.Admitted], Conditions.Remove(list, ConditionTypes.Ready).Select(c => c.Type));
        Assert.Same(list, Conditions.Remove(list, ConditionTypes.Scheduled));
    }

    public static TheoryData<string, long, long, long, ConditionStatus, ConditionStatus> ReadyCases() => new()
    {
        // case, metadata.generation, status.observedGeneration, condition.observedGeneration, condition status → reported
        { "current and true", 2, 2, 2, ConditionStatus.True, ConditionStatus.True },
        { "spec changed since", 3, 2, 2, ConditionStatus.True, ConditionStatus.Unknown },
        { "status current, condition stale", 3, 3, 2, ConditionStatus.True, ConditionStatus.Unknown },
        { "condition current, status stale", 3, 2, 3, ConditionStatus.True, ConditionStatus.Unknown },
        { "stale false stays false", 3, 2, 2, ConditionStatus.False, ConditionStatus.False },
        { "current false", 2, 2, 2, ConditionStatus.False, ConditionStatus.False },
    };

    [Theory]
    [MemberData(nameof(ReadyCases))]
    public void ReadyStatus_IsNeverTrue_ForAStaleGeneration(
        string @case, long generation, long statusGeneration, long conditionGeneration, ConditionStatus status, ConditionStatus expected)
    {
        var vps = RuntimeObjects.Vps("a") with
        {
            Metadata = new ObjectMeta { Name = "a", Namespace = "acme", Generation = generation },
            Status = new ServerStatus
            {
                ObservedGeneration = statusGeneration,
                Conditions = [ReadyTrue with { Status = status, ObservedGeneration = conditionGeneration }],
            },
        };

        Assert.True(expected == Conditions.ReadyStatus(vps), @case);
        Assert.Equal(expected == ConditionStatus.True, Conditions.IsReady(vps));
    }

    [Fact]
    public void ReadyStatus_WithoutStatusOrCondition_IsUnknown()
    {
        var vps = RuntimeObjects.Vps("a");

        Assert.Equal(ConditionStatus.Unknown, Conditions.ReadyStatus(vps));
        Assert.Equal(ConditionStatus.Unknown, Conditions.ReadyStatus(vps with { Status = new ServerStatus() }));
    }
}
