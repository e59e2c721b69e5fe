using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Engine.Admission;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Reconcilers;

/// <summary>
/// Serializes the reconciles that admit and place objects, across every kind: a quota or a node's
/// last free GPU must not be granted to two objects reconciled at the same moment. Inside the gate,
/// admission sees every object already admitted in the candidate's billing account.
/// </summary>
public sealed class WorkloadGate(IResourceStore store, PolicySet policies) : IDisposable
{
    private static readonly string[] AdmittedKinds =
        [nameof(VirtualServer), nameof(GpuInstance), nameof(LoadBalancer), nameof(CdnDistribution), nameof(Volume)];

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Runs <paramref name="work"/> alone.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The admission decision for an object, given what its account has admitted so far. Call inside <see cref="RunAsync"/>.</summary>
    public async Task<AdmissionDecision> ReviewAsync(CustomResource candidate, CancellationToken cancellationToken)
    {
        var tenants = (await store.ListAsync(nameof(Tenant), null, cancellationToken)).Items.OfType<Tenant>().ToList();
        var tenant = tenants.FirstOrDefault(t => t.Metadata.Name == candidate.Metadata.Namespace);
        var account = tenant?.Spec.Parent ?? tenant?.Metadata.Name;
        var namespaces = tenants.Where(t => t.Metadata.Name == account || t.Spec.Parent == account).Select(t => t.Metadata.Name).ToList();
        if (candidate.Metadata.Namespace is { } own && !namespaces.Contains(own)) namespaces.Add(own);

        // Only the account's tenants: the rules look no further, and the set is validated on every review.
        var existing = new List<CustomResource>(tenants.Where(t => namespaces.Contains(t.Metadata.Name)));
        foreach (var kind in AdmittedKinds)
            foreach (var ns in namespaces)
                existing.AddRange((await store.ListAsync(kind, ns, cancellationToken)).Items);
        var admitted = existing.Where(o => o is Tenant || Conditions.IsTrue(o.StatusBase?.Conditions, ConditionTypes.Admitted));
        return AdmissionRules.Review(candidate, existing, admitted, policies);
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();
}
