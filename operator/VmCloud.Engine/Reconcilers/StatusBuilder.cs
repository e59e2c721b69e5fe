using VmCloud.Api;
using VmCloud.Engine.Runtime;

namespace VmCloud.Engine.Reconcilers;

/// <summary>
/// The status a reconcile is building, from the stored one: conditions set along the steps with
/// the current generation, and which of them flipped (for events). Written once, at the end.
/// </summary>
internal sealed class StatusBuilder(CustomResource resource, DateTimeOffset now)
{
    private readonly List<(string Type, Condition Condition)> transitions = [];

    /// <summary>The object as read at the start of the reconcile.</summary>
    public CustomResource Resource { get; } = resource;

    /// <summary>The status so far.</summary>
    public WorkloadStatus Status { get; set; } = WorkloadStatus.Of(resource) with { ObservedGeneration = resource.Metadata.Generation ?? 0 };

    /// <summary>The conditions that flipped in this reconcile.</summary>
    public IReadOnlyList<(string Type, Condition Condition)> Transitions => transitions;

    /// <summary>Sets a True/False condition.</summary>
    public void Set(string type, bool holds, string reason, string message)
    {
        var update = Conditions.Set(Status.Conditions, type, holds ? ConditionStatus.True : ConditionStatus.False, reason, message,
            Status.ObservedGeneration, now);
        Status = Status with { Conditions = update.Conditions };
        if (update.Transitioned) transitions.Add((type, Conditions.Find(update.Conditions, type)!));
    }
}
