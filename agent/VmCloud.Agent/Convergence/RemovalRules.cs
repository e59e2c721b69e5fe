namespace VmCloud.Agent.Convergence;

/// <summary>
/// Removal of what the document lists in <c>remove</c>: only things with vmcloud metadata or a
/// vmcloud volume name, domains before their volumes, and never a volume that a domain which
/// stays still uses.
/// </summary>
internal static class RemovalRules
{
    public static void RemoveDomains(NodeClassification classification, IReadOnlySet<string> removing, PlanBuilder plan)
    {
        foreach (var domain in classification.OrphanDomains.Where(d => removing.Contains(d.Owner!.Uid)))
        {
            // Being deleted: no grace period, the disks go next anyway.
            if (domain.Running) plan.Add(new ChangePower(domain.Owner!.Uid, domain.Uuid, PowerAction.Destroy));
            plan.Add(new UndefineDomain(domain.Owner!.Uid, domain.Uuid));
        }
    }

    public static void RemoveVolumes(NodeClassification classification, IReadOnlySet<string> removing, NodeObservation observed, PlanBuilder plan)
    {
        foreach (var volume in classification.OrphanVolumes.Where(v => removing.Contains(v.Uid)))
        {
            var users = observed.Domains.Where(d => UsesVolume(d, volume.Volume.Name)).ToList();
            var blocker = users.FirstOrDefault(d => !ReleasedThisPass(d, volume.Volume.Name, removing, plan));
            if (blocker is not null)
            {
                plan.Error(volume.Uid, $"volume {volume.Volume.Name} is still a disk of domain {blocker.Name}, which stays; it is deleted once that domain no longer uses it");
                continue;
            }

            // The volume goes only if every domain that used it was removed or redefined without it.
            var dependsOn = users.Select(d => d.Owner!.Uid).Where(u => !NodeClassification.Same(u, volume.Uid)).Distinct().ToList();
            plan.Add(new DeleteVolume(volume.Uid, volume.Volume.Name) { DependsOn = dependsOn });
        }
    }

    private static bool UsesVolume(DomainObservation domain, string volumeName) =>
        domain.DiskSources.Any(source => Path.GetFileName(source) == volumeName);

    // A domain lets go of a volume this pass when it is removed, or redefined (by an action
    // already planned) from a server entry that no longer lists it.
    private static bool ReleasedThisPass(DomainObservation domain, string volumeName, IReadOnlySet<string> removing, PlanBuilder plan)
    {
        if (domain.Owner is not { } owner) return false;
        if (removing.Contains(owner.Uid)) return plan.Has<UndefineDomain>(owner.Uid);
        return plan.Has<DefineDomain>(owner.Uid, d => !DomainDrift.WantedDisks(d.Server).Contains(volumeName));
    }
}
