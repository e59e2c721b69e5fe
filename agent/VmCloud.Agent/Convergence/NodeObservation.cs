namespace VmCloud.Agent.Convergence;

/// <summary>What the hypervisor holds at one moment: every domain and every pool volume, vmcloud's or not.</summary>
/// <param name="Domains">Every defined domain.</param>
/// <param name="Volumes">Every volume of the storage pool.</param>
public sealed record NodeObservation(IReadOnlyList<DomainObservation> Domains, IReadOnlyList<PoolVolume> Volumes)
{
    /// <summary>Nothing observed yet.</summary>
    public static NodeObservation Empty { get; } = new([], []);

    /// <summary>Lists the domains and volumes of <paramref name="hypervisor"/> now.</summary>
    public static NodeObservation Read(IHypervisor hypervisor) => new(hypervisor.ListDomains(), hypervisor.ListVolumes());
}
