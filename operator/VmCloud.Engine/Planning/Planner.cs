using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Pricing;
using VmCloud.Engine.Admission;
using VmCloud.Engine.Scheduling;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Planning;

/// <summary>
/// Works out a <see cref="Plan"/>: the change set, each tenant's cost before and after, admission
/// of the new state (quotas, budgets, policies), and the real scheduler run over the fleet.
/// </summary>
public static class Planner
{
    /// <summary>The plan from <paramref name="before"/> to <paramref name="after"/> on <paramref name="fleet"/>.</summary>
    /// <param name="before">The current desired state.</param>
    /// <param name="after">The proposed desired state.</param>
    /// <param name="errors">Validation errors of the proposed state (file and line), if any.</param>
    /// <param name="fleet">The nodes, with their capacity and GPUs; null when there is none to check against.</param>
    /// <param name="policies">Catalogue and rules.</param>
    public static Plan Make(IReadOnlyList<CustomResource> before, IReadOnlyList<CustomResource> after,
        IReadOnlyList<ManifestError> errors, IReadOnlyList<HypervisorNode>? fleet, PolicySet policies)
    {
        var costBefore = CostEstimator.Estimate(before, policies).Tenants.ToDictionary(t => t.Tenant, t => t.MonthlyEuros);
        var costAfter = CostEstimator.Estimate(after, policies).Tenants.ToDictionary(t => t.Tenant, t => t.MonthlyEuros);
        var tenants = costBefore.Keys.Union(costAfter.Keys).Order(StringComparer.Ordinal)
            .Select(t => new TenantCostChange(t, costBefore.GetValueOrDefault(t), costAfter.GetValueOrDefault(t)))
            .ToList();

        var review = Review(after, fleet ?? [], policies);
        var unschedulable = fleet is null ? [] : review.Unschedulable;
        return new Plan(ChangeSet.Between(before, after), tenants, unschedulable.Count == 0, unschedulable, review.Violations, errors)
        {
            CapacityChecked = fleet is not null,
        };
    }

    /// <summary>
    /// What admission (quotas, budgets, policies) refuses in a desired state, and which admitted
    /// objects no node of <paramref name="fleet"/> can take (objects with a node in status keep it).
    /// </summary>
    public static StateReview Review(IReadOnlyList<CustomResource> state, IReadOnlyList<HypervisorNode> fleet, PolicySet policies)
    {
        var decisions = AdmissionRules.ReviewAll(state, policies);
        // Invalid objects are already reported with their file and line; only quota and budget refusals are added.
        var violations = decisions.Where(d => !d.Value.Allowed && d.Value.Reason != AdmissionReasons.Invalid)
            .Select(d => new PolicyViolation(d.Key.Kind, d.Key.Namespace, d.Key.Name, d.Value.Message))
            .OrderBy(v => v.Kind, StringComparer.Ordinal).ThenBy(v => v.Namespace, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
        var admitted = state.Where(o => decisions.GetValueOrDefault(ResourceKey.Of(o))?.Allowed ?? true).ToList();
        return new StateReview(violations, Unschedulable(admitted, fleet, policies));
    }

    // Objects already bound keep their node; the others are placed largest first (GPUs, then vCPUs,
    // then memory), as a first-fit-decreasing packing does, so a fit does not depend on file order.
    private static List<UnschedulableObject> Unschedulable(IReadOnlyList<CustomResource> objects, IReadOnlyList<HypervisorNode> fleet, PolicySet policies)
    {
        var volumes = objects.OfType<Volume>().ToList();
        var allocation = new FleetAllocation(fleet.Select(Capacity), SchedulingPolicy.From(policies));
        var requests = objects
            .Select(o => (Object: o, Request: PlacementRequests.For(o, policies.Catalog, volumes)))
            .Where(r => r.Request is not null)
            .ToList();
        foreach (var (o, request) in requests)
            if (NodeOf(o) is { } node) allocation.Bind(new Placement(request!, node, GpusOf(o)));

        var result = new List<UnschedulableObject>();
        foreach (var (o, request) in requests.Where(r => NodeOf(r.Object) is null)
                     .OrderByDescending(r => r.Request!.GpuCount).ThenByDescending(r => r.Request!.Vcpus).ThenByDescending(r => r.Request!.MemoryGiB)
                     .ThenBy(r => r.Request!.Key.ToString(), StringComparer.Ordinal))
            if (allocation.Place(request!) is PlacementResult.Unschedulable no)
                result.Add(new UnschedulableObject(o.Kind, o.Metadata.Namespace, o.Metadata.Name, no.Reason));
        return result.OrderBy(u => u.Kind, StringComparer.Ordinal).ThenBy(u => u.Namespace, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal).ToList();
    }

    // A plan asks whether the state fits the fleet's capacity: nodes count as up unless their own
    // Ready condition says otherwise (a fleet file has no heartbeats).
    private static NodeSnapshot Capacity(HypervisorNode node)
    {
        var ready = node.Status?.Conditions.FirstOrDefault(c => c.Type == ConditionTypes.Ready)?.Status != ConditionStatus.False;
        return NodeSnapshots.From(node, DateTimeOffset.UnixEpoch, TimeSpan.MaxValue) with { Ready = ready };
    }

    private static string? NodeOf(CustomResource resource) => resource switch
    {
        IServer server => server.Status?.NodeName,
        LoadBalancer lb => lb.Status?.NodeName,
        _ => null,
    };

    private static IReadOnlyList<string> GpusOf(CustomResource resource) => (resource as IServer)?.Status?.Gpus ?? [];
}

/// <summary>What <see cref="Planner.Review"/> found: admission refusals, and objects that fit no node.</summary>
public sealed record StateReview(IReadOnlyList<PolicyViolation> Violations, IReadOnlyList<UnschedulableObject> Unschedulable);
