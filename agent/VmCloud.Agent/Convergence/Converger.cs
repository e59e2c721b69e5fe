using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Convergence;

/// <summary>
/// The pure core of the agent: from the desired document and what the hypervisor holds, the
/// ordered actions that make the node match, and the reasons some owners cannot. Applying the
/// plan and planning again on the result gives no action: convergence is idempotent.
/// </summary>
public static class Converger
{
    /// <summary>
    /// The plan for one pass. Order: domains being removed go first (so their disks are free),
    /// then desired volumes, then desired servers (root disk, define, power), and last the
    /// volumes being removed, once no domain that stays uses them.
    /// </summary>
    public static ConvergencePlan Plan(DesiredDocument desired, NodeObservation observed, ShutdownGrace grace)
    {
        var classification = NodeClassification.Of(desired, observed);
        var plan = new PlanBuilder(grace);
        var removing = Removing(desired);
        RemovalRules.RemoveDomains(classification, removing, plan);
        foreach (var volume in desired.Volumes.Where(v => ValidUid(v.Owner, plan)))
        {
            var name = DomainNames.Volume(volume.Owner.Uid);
            VolumeRules.Converge(volume.Owner.Uid, name, volume.SizeGiB, classification.OwnedVolumes.GetValueOrDefault(name), plan);
        }

        foreach (var server in desired.Servers.Where(s => ValidUid(s.Owner, plan))) ServerRules.Converge(server, desired, classification, plan);
        RemovalRules.RemoveVolumes(classification, removing, observed, plan);
        return plan.Build(classification);
    }

    // Names on the node carry the uid and are read back from it: a uid that does not read back
    // (not a lowercase UUID) would be created again at every pass, so it is refused instead.
    private static bool ValidUid(Owner owner, PlanBuilder plan)
    {
        if (DomainNames.IsUid(owner.Uid)) return true;
        plan.Error(owner.Uid, $"uid \"{owner.Uid}\" of {owner.Kind} {owner.Namespace}/{owner.Name} is not a lowercase UUID; nothing is created for it");
        return false;
    }

    // An owner both desired and listed for removal stays: removing is the one act that cannot be
    // undone, so a contradictory document keeps the data rather than losing it.
    private static HashSet<string> Removing(DesiredDocument desired)
    {
        var kept = desired.Servers.Select(s => s.Owner.Uid).Concat(desired.Volumes.Select(v => v.Owner.Uid))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return desired.Remove.Where(uid => !kept.Contains(uid)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
