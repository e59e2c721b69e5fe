using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Convergence;

/// <summary>
/// How a domain's configuration differs from its desired server: the fields that need a
/// redefinition (vCPUs, memory, disks, passed-through GPUs, generation). Power is not drift of
/// the definition and is handled apart.
/// </summary>
internal static class DomainDrift
{
    /// <summary>Every difference in words, empty when the domain matches.</summary>
    public static IReadOnlyList<string> Between(DomainObservation domain, DesiredServer server)
    {
        var found = new List<string>();
        if (domain.Owner is { } owner && owner.Generation != server.Owner.Generation)
            found.Add($"generation {owner.Generation} -> {server.Owner.Generation}");
        if (domain.Vcpus != server.Vcpus) found.Add($"vCPUs {domain.Vcpus} -> {server.Vcpus}");
        if (domain.MemoryMiB != server.MemoryMiB) found.Add($"memory {domain.MemoryMiB} MiB -> {server.MemoryMiB} MiB");
        var disks = DiskVolumes(domain);
        var wantedDisks = WantedDisks(server);
        if (!disks.SequenceEqual(wantedDisks, StringComparer.Ordinal))
            found.Add($"disks [{string.Join(", ", disks)}] -> [{string.Join(", ", wantedDisks)}]");
        var gpus = Normalized(domain.HostdevPciAddresses);
        var wantedGpus = Normalized(server.GpuPciAddresses);
        if (!gpus.SequenceEqual(wantedGpus, StringComparer.Ordinal))
            found.Add($"GPUs [{string.Join(", ", gpus)}] -> [{string.Join(", ", wantedGpus)}]");
        return found;
    }

    /// <summary>The pool volumes a server's domain must have as disks, in target order: its root disk, then its volumes.</summary>
    public static IReadOnlyList<string> WantedDisks(DesiredServer server) =>
        [DomainNames.RootVolume(server.Owner.Uid), .. server.VolumeUids.Select(DomainNames.Volume)];

    /// <summary>
    /// The vmcloud volumes among a domain's disks, by volume name. Other sources (the cloud-init
    /// seed image in the agent's state directory) are not pool volumes and do not count.
    /// </summary>
    public static IReadOnlyList<string> DiskVolumes(DomainObservation domain) =>
        [.. domain.DiskSources.Select(Path.GetFileName).OfType<string>().Where(name => DomainNames.ParseVolume(name) is not null)];

    private static List<string> Normalized(IEnumerable<string> addresses) =>
        [.. addresses.Select(a => a.Trim().ToLowerInvariant()).Order(StringComparer.Ordinal)];
}
