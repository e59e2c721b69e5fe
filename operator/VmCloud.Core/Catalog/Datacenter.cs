namespace VmCloud.Core.Catalog;

/// <summary>A datacenter of policies/datacenters.yaml.</summary>
/// <param name="Code">The code manifests use, e.g. PAR-1.</param>
/// <param name="Location">City and country, e.g. "Paris, France".</param>
/// <param name="Tier">The Uptime tier, e.g. III+.</param>
/// <param name="Status">Operational or in maintenance.</param>
/// <param name="GpuModels">Catalogue GPU models installed (or planned) there.</param>
/// <param name="Schedulable">
/// Whether new resources may be placed there: true when Operational unless the policy says
/// <c>schedulable: false</c>, false in Maintenance unless it says <c>schedulable: true</c>.
/// </param>
public sealed record Datacenter(
    string Code,
    string Location,
    string Tier,
    DatacenterStatus Status,
    IReadOnlyList<string> GpuModels,
    bool Schedulable)
{
    /// <summary>Whether GPU instances of this catalogue model can run here.</summary>
    public bool HasGpuModel(string model) => GpuModels.Contains(model, StringComparer.Ordinal);
}

/// <summary>The operating status of a datacenter.</summary>
public enum DatacenterStatus
{
    /// <summary>In service: takes new placements.</summary>
    Operational,

    /// <summary>Under maintenance: no new placements unless a policy allows them.</summary>
    Maintenance,
}
