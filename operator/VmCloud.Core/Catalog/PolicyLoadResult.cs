namespace VmCloud.Core.Catalog;

/// <summary>
/// The outcome of <see cref="PolicyLoader.Load"/>: either a valid <see cref="PolicySet"/>, or
/// every error found (never a partial set).
/// </summary>
public sealed record PolicyLoadResult
{
    private PolicyLoadResult(PolicySet? policies, IReadOnlyList<PolicyError> errors)
    {
        Policies = policies;
        Errors = errors;
    }

    /// <summary>The policies, when there is no error.</summary>
    public PolicySet? Policies { get; }

    /// <summary>Every error, in file then line order; empty on success.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    /// <summary>True when <see cref="Policies"/> is set and there is no error.</summary>
    public bool Succeeded => Policies is not null;

    /// <summary>A successful load.</summary>
    public static PolicyLoadResult Success(PolicySet policies) => new(policies, []);

    /// <summary>A failed load.</summary>
    public static PolicyLoadResult Failure(IReadOnlyList<PolicyError> errors) => new(null, errors);
}
