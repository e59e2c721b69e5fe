using VmCloud.Api;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// Pure helpers over a status's conditions, following the Kubernetes conventions: one condition per
/// type; <c>lastTransitionTime</c> changes only when <c>status</c> flips; <c>observedGeneration</c>
/// is set on every write; Ready is never reported true for a generation the status has not seen.
/// </summary>
public static class Conditions
{
    /// <summary>The condition of a type, or null.</summary>
    public static Condition? Find(IReadOnlyList<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Whether the condition of a type is there and True.</summary>
    public static bool IsTrue(IReadOnlyList<Condition>? conditions, string type) =>
        Find(conditions, type)?.Status == ConditionStatus.True;

    /// <summary>Whether the condition of a type is there and False.</summary>
    public static bool IsFalse(IReadOnlyList<Condition>? conditions, string type) =>
        Find(conditions, type)?.Status == ConditionStatus.False;

    /// <summary>
    /// Sets the condition of <paramref name="type"/>, returning the new list (the input is not changed).
    /// The transition time is <paramref name="now"/> when the condition is new or its status flips, and
    /// kept otherwise; reason, message and observed generation always take the new values.
    /// </summary>
    public static ConditionUpdate Set(
        IReadOnlyList<Condition>? conditions,
        string type,
        ConditionStatus status,
        string reason,
        string message,
        long observedGeneration,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        conditions ??= [];
        var existing = Find(conditions, type);
        var transitioned = existing is null || existing.Status != status;
        var next = new Condition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = observedGeneration,
            LastTransitionTime = transitioned ? now : existing!.LastTransitionTime,
        };
        if (existing == next) return new ConditionUpdate(conditions, Changed: false, Transitioned: false);

        // Replaced in place, so the order users see in describe output stays stable.
        var list = existing is null ? [.. conditions, next] : conditions.Select(c => c.Type == type ? next : c).ToList();
        return new ConditionUpdate(list, Changed: true, transitioned);
    }

    /// <summary>The list without the condition of <paramref name="type"/> (the same list when absent).</summary>
    public static IReadOnlyList<Condition> Remove(IReadOnlyList<Condition>? conditions, string type) =>
        conditions is null ? [] : Find(conditions, type) is null ? conditions : conditions.Where(c => c.Type != type).ToList();

    /// <summary>
    /// The object's Ready status as a reader may trust it: True only when both the status and its Ready
    /// condition were computed from the current <c>metadata.generation</c>; a True from an older spec
    /// reads as Unknown, because nobody has yet checked the new spec.
    /// </summary>
    public static ConditionStatus ReadyStatus(CustomResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var status = resource.StatusBase;
        var ready = Find(status?.Conditions, ConditionTypes.Ready);
        if (status is null || ready is null) return ConditionStatus.Unknown;
        return ready.Status == ConditionStatus.True && !IsCurrent(resource, ready) ? ConditionStatus.Unknown : ready.Status;
    }

    /// <summary>Whether <see cref="ReadyStatus"/> is True.</summary>
    public static bool IsReady(CustomResource resource) => ReadyStatus(resource) == ConditionStatus.True;

    /// <summary>Whether the status (and the condition, when given) describe the object's current generation.</summary>
    public static bool IsCurrent(CustomResource resource, Condition? condition = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var generation = resource.Metadata.Generation ?? 0;
        var status = resource.StatusBase;
        return status is not null && status.ObservedGeneration >= generation
            && (condition is null || condition.ObservedGeneration >= generation);
    }
}

/// <summary>The result of <see cref="Conditions.Set"/>.</summary>
/// <param name="Conditions">The conditions after the change (the input list when nothing changed).</param>
/// <param name="Changed">Whether any field of the condition changed, i.e. the status needs writing.</param>
/// <param name="Transitioned">Whether the condition is new or its status flipped: the moment to record an event.</param>
public sealed record ConditionUpdate(IReadOnlyList<Condition> Conditions, bool Changed, bool Transitioned);
