using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api;

/// <summary>The part of every status that the control plane owns the same way for every kind.</summary>
public abstract record ResourceStatus
{
    /// <summary>The spec generation this status describes.</summary>
    [Description("The metadata.generation this status was computed from; Ready is never true for an older one.")]
    [Range(0, long.MaxValue)]
    public long ObservedGeneration { get; init; }

    /// <summary>A one-word summary for printer columns.</summary>
    [Description("A one-word summary of the state, for display. Read conditions to act on the state.")]
    public string? Phase { get; init; }

    /// <summary>The latest observation of each aspect of the state.</summary>
    [Description("The latest observations of the object's state, one per type. Ready summarises them.")]
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
}

/// <summary>One aspect of an object's state, following the Kubernetes condition conventions.</summary>
public sealed record Condition
{
    /// <summary>The aspect, a PascalCase constant from <see cref="ConditionTypes"/>.</summary>
    [Required]
    [Description("The aspect this condition describes, e.g. Ready, Admitted, Scheduled.")]
    [RegularExpression("^[A-Z][A-Za-z0-9]*$")]
    [MaxLength(64)]
    public string Type { get; init; } = "";

    /// <summary>True, False or Unknown.</summary>
    [Required]
    [Description("Whether the condition holds: True, False or Unknown.")]
    public ConditionStatus Status { get; init; }

    /// <summary>Why, as a PascalCase constant.</summary>
    [Required]
    [Description("A PascalCase machine-readable reason for the last transition.")]
    [RegularExpression("^[A-Z][A-Za-z0-9]*$")]
    [MaxLength(128)]
    public string Reason { get; init; } = "";

    /// <summary>A human sentence that says what to do.</summary>
    [Description("A human-readable sentence about the transition, saying what to do if action is needed.")]
    [MaxLength(32768)]
    public string Message { get; init; } = "";

    /// <summary>Changes only when <see cref="Status"/> flips.</summary>
    [Required]
    [Description("When the status last changed from one value to another.")]
    public DateTimeOffset LastTransitionTime { get; init; }

    /// <summary>The generation this condition was computed from.</summary>
    [Description("The metadata.generation this condition was computed from.")]
    [Range(0, long.MaxValue)]
    public long ObservedGeneration { get; init; }
}

/// <summary>The three values of a condition's status.</summary>
public enum ConditionStatus
{
    /// <summary>The condition holds.</summary>
    True,

    /// <summary>The condition does not hold.</summary>
    False,

    /// <summary>Not known, e.g. its reporter went silent.</summary>
    Unknown,
}

/// <summary>Condition types shared by the kinds; kinds add their own.</summary>
public static class ConditionTypes
{
    /// <summary>The object's desired state is realised for its current generation.</summary>
    public const string Ready = "Ready";

    /// <summary>Admission accepted the object (schema, catalogue, references, quotas).</summary>
    public const string Admitted = "Admitted";

    /// <summary>The object is bound to a node.</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>A tenant's charges this month reached one of its budget's alert thresholds.</summary>
    public const string BudgetThresholdReached = "BudgetThresholdReached";
}
