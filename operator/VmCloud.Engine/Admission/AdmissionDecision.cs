namespace VmCloud.Engine.Admission;

/// <summary>Whether an object may be acted on, and if not, why — for its Admitted and Ready conditions.</summary>
public sealed record AdmissionDecision(bool Allowed, string Reason, string Message)
{
    /// <summary>Accepted.</summary>
    public static AdmissionDecision Allow { get; } = new(true, AdmissionReasons.Admitted, "accepted: valid, within quota and budget");

    /// <summary>Refused for <paramref name="reason"/>.</summary>
    public static AdmissionDecision Deny(string reason, string message) => new(false, reason, message);
}

/// <summary>The reasons admission gives, as condition reasons.</summary>
public static class AdmissionReasons
{
    /// <summary>Accepted.</summary>
    public const string Admitted = "Admitted";

    /// <summary>The catalogue, policies or references refuse it.</summary>
    public const string Invalid = "Invalid";

    /// <summary>It would take the tenant (or its agency) over a quota.</summary>
    public const string QuotaExceeded = "QuotaExceeded";

    /// <summary>It would take the tenant's monthly cost over its hard-capped budget.</summary>
    public const string BudgetExceeded = "BudgetExceeded";
}
