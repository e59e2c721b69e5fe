using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;
using VmCloud.Engine.Planning;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Sources;

/// <summary>
/// The checks a valid tree must still pass before a source applies it, because they depend on the
/// live state rather than on the files alone: admission's quotas, budgets and policies, and — for
/// sources that ask for it — whether every new object fits the registered fleet. Each refusal is
/// reported at the object's file and line, like a validation error.
/// </summary>
public static class SourceApproval
{
    /// <summary>The refusals of <paramref name="manifests"/>; empty when the tree may be applied.</summary>
    /// <param name="manifests">The valid tree.</param>
    /// <param name="live">The store's current objects of the placed kinds: their status keeps their node.</param>
    /// <param name="fleet">The registered nodes; null skips the capacity check.</param>
    /// <param name="policies">Catalogue and rules.</param>
    public static IReadOnlyList<ManifestError> Check(IReadOnlyList<Manifest> manifests, IReadOnlyList<CustomResource> live,
        IReadOnlyList<HypervisorNode>? fleet, PolicySet policies)
    {
        var state = WithLiveStatus(manifests.Select(m => m.Object), live);
        var review = Planner.Review(state, fleet ?? [], policies);
        var byKey = manifests.ToDictionary(m => ResourceKey.Of(m.Object));
        var errors = review.Violations
            .Select(v => Error(byKey, v.Kind, v.Namespace, v.Name, $"refused by admission: {v.Message}"))
            .ToList();
        if (fleet is not null)
            errors.AddRange(review.Unschedulable.Select(u =>
                Error(byKey, u.Kind, u.Namespace, u.Name, $"does not fit the fleet: {u.Reason}; free capacity, add nodes or choose a smaller plan")));
        return ManifestValidator.Sorted(errors);
    }

    /// <summary>
    /// The desired objects carrying the status of their live counterpart, so objects already placed
    /// keep their node in a capacity check instead of being packed again from scratch.
    /// </summary>
    public static IReadOnlyList<CustomResource> WithLiveStatus(IEnumerable<CustomResource> desired, IReadOnlyList<CustomResource> live)
    {
        var byKey = live.ToDictionary(ResourceKey.Of);
        return desired.Select(o => byKey.TryGetValue(ResourceKey.Of(o), out var current) ? ResourceJson.WithStatusOf(o, current) : o).ToList();
    }

    private static ManifestError Error(Dictionary<ResourceKey, Manifest> byKey, string kind, string? ns, string name, string message) =>
        byKey.TryGetValue(new ResourceKey(kind, ns, name), out var manifest)
            ? manifest.Error("spec", message)
            : new ManifestError(new SourceMark($"{kind}/{ns}/{name}", 0, 0), message, kind, ns, name);
}
