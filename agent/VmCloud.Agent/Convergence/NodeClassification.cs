using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Convergence;

/// <summary>
/// What the node holds, sorted against the desired document: the domains and volumes of desired
/// owners, orphans (vmcloud's, owner not in the document) and foreign domains (no vmcloud
/// metadata, never touched).
/// </summary>
/// <param name="ServerDomains">The domain of each desired server that has one, by owner uid.</param>
/// <param name="OwnedVolumes">Pool volumes of desired owners (root disks and attached volumes), by volume name.</param>
/// <param name="OrphanDomains">Domains with vmcloud metadata whose owner is not a desired server.</param>
/// <param name="OrphanVolumes">Volumes named by vmcloud whose owner is not desired.</param>
/// <param name="Foreign">Domains without vmcloud metadata.</param>
public sealed record NodeClassification(
    IReadOnlyDictionary<string, DomainObservation> ServerDomains,
    IReadOnlyDictionary<string, PoolVolume> OwnedVolumes,
    IReadOnlyList<DomainObservation> OrphanDomains,
    IReadOnlyList<OwnedVolume> OrphanVolumes,
    IReadOnlyList<DomainObservation> Foreign)
{
    /// <summary>The orphans as the report lists them: domains, then volumes.</summary>
    public IReadOnlyList<Orphan> Orphans =>
    [
        .. OrphanDomains.Select(d => new Orphan(d.Owner!.Uid, d.Owner.Kind, d.Name)),
        .. OrphanVolumes.Select(v => new Orphan(v.Uid, KindOf(v), v.Volume.Name)),
    ];

    /// <summary>Sorts <paramref name="observed"/> against <paramref name="desired"/>.</summary>
    public static NodeClassification Of(DesiredDocument desired, NodeObservation observed)
    {
        var servers = desired.Servers.Select(s => s.Owner.Uid).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var serverDomains = new Dictionary<string, DomainObservation>(StringComparer.OrdinalIgnoreCase);
        var orphanDomains = new List<DomainObservation>();
        var foreign = new List<DomainObservation>();
        // A domain whose UUID is its owner's uid comes first, so it wins over a stray copy.
        foreach (var domain in observed.Domains.OrderBy(d => d.Owner is { } o && Same(o.Uid, d.Uuid) ? 0 : 1))
        {
            if (domain.Owner is not { } owner) foreign.Add(domain);
            else if (!servers.Contains(owner.Uid) || !serverDomains.TryAdd(owner.Uid, domain)) orphanDomains.Add(domain);
        }

        var wanted = WantedVolumeNames(desired);
        var owned = new Dictionary<string, PoolVolume>(StringComparer.Ordinal);
        var orphanVolumes = new List<OwnedVolume>();
        foreach (var volume in observed.Volumes)
        {
            if (wanted.Contains(volume.Name)) owned.TryAdd(volume.Name, volume);
            else if (DomainNames.ParseVolume(volume.Name) is { } parsed) orphanVolumes.Add(new OwnedVolume(parsed.Uid, parsed.IsRoot, volume, OwnerKind(parsed, observed)));
        }

        return new NodeClassification(serverDomains, owned, orphanDomains, orphanVolumes, foreign);
    }

    /// <summary>The names of every volume the document wants: each server's root disk and each attached volume.</summary>
    public static HashSet<string> WantedVolumeNames(DesiredDocument desired) =>
    [
        .. desired.Servers.Select(s => DomainNames.RootVolume(s.Owner.Uid)),
        .. desired.Volumes.Select(v => DomainNames.Volume(v.Owner.Uid)),
    ];

    internal static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string KindOf(OwnedVolume volume) => volume.Kind ?? "Volume";

    // A root disk carries no metadata of its own: it takes its domain's kind when the domain is still there.
    private static string? OwnerKind(PoolVolumeName name, NodeObservation observed) => name.IsRoot
        ? observed.Domains.FirstOrDefault(d => d.Owner is { } o && Same(o.Uid, name.Uid))?.Owner?.Kind
        : "Volume";
}

/// <summary>A pool volume with the owner its vmcloud name gives.</summary>
/// <param name="Uid">The owner's uid, from the volume name.</param>
/// <param name="IsRoot">Whether it is a server's root disk (else an attached Volume).</param>
/// <param name="Volume">The volume.</param>
/// <param name="Kind">The owner's kind when known (the root disk of a domain still defined, or a Volume).</param>
public sealed record OwnedVolume(string Uid, bool IsRoot, PoolVolume Volume, string? Kind = null);
