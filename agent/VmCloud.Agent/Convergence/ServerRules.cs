using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Convergence;

/// <summary>
/// One desired server: its root disk, its domain (defined when missing, redefined when it drifted)
/// and its power state, with a grace period before a shut-down guest is destroyed.
/// </summary>
internal static class ServerRules
{
    public static void Converge(DesiredServer server, DesiredDocument desired, NodeClassification classification, PlanBuilder plan)
    {
        var uid = server.Owner.Uid;
        if (classification.Foreign.FirstOrDefault(d => NodeClassification.Same(d.Uuid, uid)) is { } squatter)
        {
            plan.Error(uid, $"domain {squatter.Name} holds UUID {uid} without vmcloud metadata; vmcloud never touches it: remove or rename it by hand");
            return;
        }

        var root = DomainNames.RootVolume(uid);
        VolumeRules.Converge(uid, root, server.DiskGiB, classification.OwnedVolumes.GetValueOrDefault(root), plan);
        var domain = classification.ServerDomains.GetValueOrDefault(uid);
        var missing = server.VolumeUids.Where(v => !desired.Volumes.Any(d => NodeClassification.Same(d.Owner.Uid, v))).ToList();
        if (missing.Count > 0)
        {
            plan.Error(uid, $"attached volume(s) {string.Join(", ", missing)} are not desired on this node; the domain is not (re)defined until they are");
            if (domain is not null) Power(server, domain, plan);
            return;
        }

        if (domain is null) Define(server, plan);
        else if (DomainDrift.Between(domain, server) is { Count: > 0 } drift) Redefine(server, domain, string.Join("; ", drift), plan);
        else Power(server, domain, plan);
    }

    private static void Define(DesiredServer server, PlanBuilder plan)
    {
        var uid = server.Owner.Uid;
        plan.Add(new DefineDomain(uid, server, Redefine: false));
        if (server.PowerState == PowerState.Running) plan.Add(new ChangePower(uid, uid, PowerAction.Start));
    }

    // libvirt applies a new persistent definition at the next boot only: a running domain is
    // powered off first so that what runs is what was asked.
    private static void Redefine(DesiredServer server, DomainObservation domain, string drift, PlanBuilder plan)
    {
        var uid = server.Owner.Uid;
        if (domain.Running) plan.Add(new ChangePower(uid, domain.Uuid, PowerAction.Destroy));
        plan.Add(new DefineDomain(uid, server, Redefine: true) { Drift = drift });
        if (server.PowerState == PowerState.Running) plan.Add(new ChangePower(uid, domain.Uuid, PowerAction.Start));
    }

    private static void Power(DesiredServer server, DomainObservation domain, PlanBuilder plan)
    {
        var uid = server.Owner.Uid;
        var wantRunning = server.PowerState == PowerState.Running;
        if (wantRunning && !domain.Running) plan.Add(new ChangePower(uid, domain.Uuid, PowerAction.Start));
        if (wantRunning || !domain.Running) return;
        if (!plan.Grace.Since.TryGetValue(uid, out var since))
        {
            plan.Add(new ChangePower(uid, domain.Uuid, PowerAction.Shutdown));
            plan.ShuttingDown(uid, plan.Grace.Now);
        }
        else if (plan.Grace.Now - since >= plan.Grace.Period)
        {
            plan.Add(new ChangePower(uid, domain.Uuid, PowerAction.Destroy));
        }
        else
        {
            plan.ShuttingDown(uid, since);
        }
    }
}
