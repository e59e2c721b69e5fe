using VmCloud.Core.Manifests;

namespace VmCloud.Engine.Planning;

/// <summary>
/// What a change to the desired state would do: the objects created, updated and deleted, each
/// tenant's monthly cost before and after, whether the result fits the fleet, and what admission
/// (quotas, budgets, policies) or validation would refuse.
/// </summary>
public sealed record Plan(
    IReadOnlyList<PlannedChange> Changes,
    IReadOnlyList<TenantCostChange> Tenants,
    bool Fits,
    IReadOnlyList<UnschedulableObject> Unschedulable,
    IReadOnlyList<PolicyViolation> Violations,
    IReadOnlyList<ManifestError> Errors)
{
    /// <summary>False when there was no fleet to check against (no node has registered yet): <see cref="Fits"/> is then not known.</summary>
    public bool CapacityChecked { get; init; } = true;

    /// <summary>Valid, within every quota and budget, and fits the fleet: safe to merge.</summary>
    public bool Acceptable => Fits && Violations.Count == 0 && Errors.Count == 0;
}

/// <summary>One object created, updated or deleted.</summary>
public sealed record PlannedChange(string Action, string Kind, string? Namespace, string Name)
{
    /// <summary>The action names, as JSON and markdown show them.</summary>
    public const string Create = "create", Update = "update", Delete = "delete";
}

/// <summary>A tenant's monthly cost after discounts, before and after the change.</summary>
public sealed record TenantCostChange(string Tenant, decimal MonthlyEurosBefore, decimal MonthlyEurosAfter)
{
    /// <summary>After minus before.</summary>
    public decimal Delta => MonthlyEurosAfter - MonthlyEurosBefore;
}

/// <summary>An object of the new state that no node can take, and why.</summary>
public sealed record UnschedulableObject(string Kind, string? Namespace, string Name, string Reason);

/// <summary>An object of the new state that admission would refuse (quota, budget, policy).</summary>
public sealed record PolicyViolation(string Kind, string? Namespace, string Name, string Message);
