using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Pricing;
using VmCloud.Core.Validation;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Admission;

/// <summary>
/// Admission: the foundation's validation (catalogue, policies, references inside the tenant) over
/// the objects already admitted, then quotas — the tenant's own, and its agency's, which covers the
/// agency and all its clients — and the tenant's budget when it is a hard cap.
/// </summary>
public static class AdmissionRules
{
    /// <summary>
    /// The decision for <paramref name="candidate"/> given the objects already admitted. Only the
    /// candidate's billing account (its tenant, the agency and the agency's clients) matters, so
    /// callers may pass just those objects.
    /// </summary>
    public static AdmissionDecision Review(CustomResource candidate, IEnumerable<CustomResource> admitted, PolicySet policies)
    {
        var objects = admitted.ToList();
        return Review(candidate, objects, objects, policies);
    }

    /// <summary>
    /// The decision when what exists and what was admitted differ (the control plane): references
    /// resolve against every existing object, whatever its admission, so the order objects arrive in
    /// does not matter; quotas and budgets count only what was admitted.
    /// </summary>
    public static AdmissionDecision Review(CustomResource candidate, IEnumerable<CustomResource> existing, IEnumerable<CustomResource> admitted, PolicySet policies)
    {
        var key = ResourceKey.Of(candidate);
        var others = existing.Where(o => ResourceKey.Of(o) != key).ToList();
        if (InvalidReason(candidate, others, policies) is { } invalid) return AdmissionDecision.Deny(AdmissionReasons.Invalid, invalid);
        return WithinLimits(candidate, admitted.Where(o => ResourceKey.Of(o) != key).ToList(), policies);
    }

    /// <summary>
    /// Decisions for a whole desired state at once (a plan, a source sync): validated together, then
    /// quotas and budgets applied in a stable order (creation time, then kind, namespace and name), so
    /// the same objects are refused on every run.
    /// </summary>
    public static IReadOnlyDictionary<ResourceKey, AdmissionDecision> ReviewAll(IReadOnlyCollection<CustomResource> objects, PolicySet policies)
    {
        var invalid = ManifestValidator.Validate(objects.Where(o => Kinds.Find(o.Kind) is not null).Select(Manifest.FromObject).ToList(), policies)
            .Where(e => e.Kind is not null && e.Name is not null)
            .GroupBy(e => new ResourceKey(e.Kind!, e.Namespace, e.Name!))
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(e => e.Message).Distinct()));

        var decisions = new Dictionary<ResourceKey, AdmissionDecision>();
        var admitted = objects.Where(o => o is Tenant).ToList();
        foreach (var candidate in objects.Where(o => o is not Tenant).OrderBy(o => o.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue)
                     .ThenBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Metadata.Namespace, StringComparer.Ordinal).ThenBy(o => o.Metadata.Name, StringComparer.Ordinal))
        {
            var key = ResourceKey.Of(candidate);
            var decision = invalid.TryGetValue(key, out var why)
                ? AdmissionDecision.Deny(AdmissionReasons.Invalid, why)
                : WithinLimits(candidate, admitted, policies);
            decisions[key] = decision;
            if (decision.Allowed) admitted.Add(candidate);
        }
        foreach (var tenant in objects.OfType<Tenant>())
            decisions[ResourceKey.Of(tenant)] = invalid.TryGetValue(ResourceKey.Of(tenant), out var why)
                ? AdmissionDecision.Deny(AdmissionReasons.Invalid, why) : AdmissionDecision.Allow;
        return decisions;
    }

    private static string? InvalidReason(CustomResource candidate, List<CustomResource> others, PolicySet policies)
    {
        var manifests = others.Append(candidate).Where(o => Kinds.Find(o.Kind) is not null).Select(Manifest.FromObject).ToList();
        var key = ResourceKey.Of(candidate);
        var errors = ManifestValidator.Validate(manifests, policies)
            .Where(e => e.Kind == key.Kind && e.Namespace == key.Namespace && e.Name == key.Name)
            .Select(e => e.Message).Distinct().ToList();
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    private static AdmissionDecision WithinLimits(CustomResource candidate, IReadOnlyCollection<CustomResource> admitted, PolicySet policies)
    {
        if (candidate.Metadata.Namespace is not { } ns) return AdmissionDecision.Allow;
        var tenants = admitted.OfType<Tenant>().ToDictionary(t => t.Metadata.Name);
        if (!tenants.TryGetValue(ns, out var tenant))
            return AdmissionDecision.Deny(AdmissionReasons.Invalid, $"tenant {ns} does not exist; create the Tenant first");

        var demand = ResourceDemand.Of(candidate, policies.Catalog);
        var own = Usage(admitted.Where(o => o.Metadata.Namespace == ns), policies).Plus(demand);
        if (tenant.Spec.Quotas is not null || tenant.Spec.Parent is null)
        {
            var over = QuotaLimits.For(tenant, policies.DefaultQuotas).Exceeded(own);
            if (over.Count > 0)
                return AdmissionDecision.Deny(AdmissionReasons.QuotaExceeded, $"tenant {ns} would use {string.Join(", ", over)}; remove resources or ask for a higher quota");
        }
        if (tenant.Spec.Parent is { } agencyName && tenants.TryGetValue(agencyName, out var agency))
        {
            var family = admitted.Where(o => o.Metadata.Namespace is { } n && (n == agencyName || tenants.GetValueOrDefault(n)?.Spec.Parent == agencyName));
            var over = QuotaLimits.For(agency, policies.DefaultQuotas).Exceeded(Usage(family, policies).Plus(demand));
            if (over.Count > 0)
                return AdmissionDecision.Deny(AdmissionReasons.QuotaExceeded, $"agency {agencyName} and its clients would use {string.Join(", ", over)}; the agency's quota covers its clients");
        }
        return WithinBudget(candidate, tenant, tenants, admitted, policies);
    }

    private static AdmissionDecision WithinBudget(CustomResource candidate, Tenant tenant, Dictionary<string, Tenant> tenants, IReadOnlyCollection<CustomResource> admitted, PolicySet policies)
    {
        if (tenant.Spec.Budget is not { HardCap: true } budget || PriceList.Price(candidate, policies.Catalog) is null) return AdmissionDecision.Allow;
        var account = Discounts.AccountOf(tenant);
        var accountObjects = admitted.Where(o => o.Metadata.Namespace is { } n && tenants.TryGetValue(n, out var t) && Discounts.AccountOf(t) == account)
            .Concat(tenants.Values).Append(candidate);
        var cost = CostEstimator.Estimate(accountObjects, policies).Tenants.Single(t => t.Tenant == tenant.Metadata.Name).MonthlyEuros;
        return cost <= budget.MonthlyEuros
            ? AdmissionDecision.Allow
            : AdmissionDecision.Deny(AdmissionReasons.BudgetExceeded,
                $"tenant {tenant.Metadata.Name} would cost {cost:0.00} EUR a month, over its hard-capped budget of {budget.MonthlyEuros} EUR; raise the budget or remove resources");
    }

    private static ResourceDemand Usage(IEnumerable<CustomResource> objects, PolicySet policies) =>
        objects.Aggregate(ResourceDemand.None, (sum, o) => sum.Plus(ResourceDemand.Of(o, policies.Catalog)));
}
