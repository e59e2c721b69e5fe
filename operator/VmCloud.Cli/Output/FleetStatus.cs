using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Engine.Runtime;

namespace VmCloud.Cli.Output;

/// <summary>
/// The whole fleet at a glance, from what the operator serves: one row per resource, readiness per
/// kind, capacity used per datacenter, and monthly revenue. Converged means every resource of a kind
/// that has a driver is Ready; kinds without a driver yet (load balancers, CDN) are shown, not waited for. Pure.
/// </summary>
internal sealed record FleetStatus(
    IReadOnlyList<FleetStatus.Row> Rows,
    IReadOnlyList<FleetStatus.KindProgress> Kinds,
    IReadOnlyList<FleetStatus.DatacenterUse> Datacenters,
    double MonthlyEuros,
    double MonthToDateEuros)
{
    /// <summary>The kinds an agent realises today; the others wait for their drivers.</summary>
    public static readonly IReadOnlyList<string> DrivenKinds = [nameof(VirtualServer), nameof(GpuInstance), nameof(Volume)];

    /// <summary>One resource.</summary>
    public sealed record Row(string Tenant, string Kind, string Name, string Plan, string? Node, string Phase, bool Ready, string Reason, string Message);

    /// <summary>Readiness of one kind.</summary>
    public sealed record KindProgress(string Kind, int Ready, int Total, bool Driven);

    /// <summary>What one datacenter's nodes have and what is allocated on them.</summary>
    public sealed record DatacenterUse(string Datacenter, int Nodes, int VcpusAllocated, int Vcpus, int MemoryGiBAllocated, int MemoryGiB, int GpusAllocated, int Gpus);

    /// <summary>Whether everything with a driver is Ready.</summary>
    public bool Converged => Kinds.Where(k => k.Driven).All(k => k.Ready == k.Total);

    /// <summary>The resources with a driver that are not Ready yet.</summary>
    public IEnumerable<Row> Waiting => Rows.Where(r => !r.Ready && DrivenKinds.Contains(r.Kind));

    /// <summary>The status of <paramref name="resources"/> on <paramref name="nodes"/>.</summary>
    public static FleetStatus From(IReadOnlyList<CustomResource> resources, IReadOnlyList<HypervisorNode> nodes, IReadOnlyList<Tenant> tenants, ProductCatalog catalog)
    {
        var rows = resources.Select(RowOf).OrderBy(r => r.Tenant, StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var kinds = rows.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KindProgress(g.Key, g.Count(r => r.Ready), g.Count(), DrivenKinds.Contains(g.Key))).ToList();
        return new FleetStatus(rows, kinds, Use(resources, nodes, catalog), tenants.Sum(t => t.Status?.MonthlyEuros ?? 0),
            tenants.Sum(t => t.Status?.MonthToDateEuros ?? 0));
    }

    private static Row RowOf(CustomResource resource)
    {
        var ready = Conditions.Find(resource.StatusBase?.Conditions, ConditionTypes.Ready);
        var plan = resource switch
        {
            IServer server => server.ServerSpec.Plan,
            Volume volume => $"{volume.Spec.Class} {volume.Spec.SizeGiB} GiB",
            LoadBalancer lb => lb.Spec.Plan,
            CdnDistribution cdn => cdn.Spec.Plan,
            _ => "",
        };
        return new Row(resource.Metadata.Namespace ?? "", resource.Kind, resource.Metadata.Name, plan, Bound(resource),
            resource.StatusBase?.Phase ?? "Pending", ready?.Status == ConditionStatus.True, ready?.Reason ?? "", ready?.Message ?? "");
    }

    private static string? Bound(CustomResource resource) => resource switch
    {
        IServer server => server.Status?.NodeName,
        LoadBalancer lb => lb.Status?.NodeName,
        Volume volume => volume.Status?.NodeName,
        _ => null,
    };

    private static List<DatacenterUse> Use(IReadOnlyList<CustomResource> resources, IReadOnlyList<HypervisorNode> nodes, ProductCatalog catalog)
    {
        var datacenterOf = nodes.ToDictionary(n => n.Metadata.Name, n => n.Spec.Datacenter);
        var servers = resources.OfType<IServer>().Where(s => s.Status?.NodeName is { } node && datacenterOf.ContainsKey(node)).ToList();
        return [.. nodes.GroupBy(n => n.Spec.Datacenter).OrderBy(g => g.Key, StringComparer.Ordinal).Select(dc =>
        {
            var here = servers.Where(s => datacenterOf[s.Status!.NodeName!] == dc.Key).ToList();
            var offers = here.Select(s => catalog.FindOffer(s.ServerSpec.Plan)).OfType<Offer>().ToList();
            return new DatacenterUse(dc.Key, dc.Count(),
                offers.Sum(o => o.Vcpus ?? 0), dc.Sum(n => n.Status?.Capacity.Vcpus ?? 0),
                offers.Sum(o => o.MemoryGiB ?? 0), dc.Sum(n => n.Status?.Capacity.MemoryGiB ?? 0),
                here.Sum(s => s.Status!.Gpus.Count), dc.Sum(n => n.Status?.Gpus.Count ?? 0));
        })];
    }
}
