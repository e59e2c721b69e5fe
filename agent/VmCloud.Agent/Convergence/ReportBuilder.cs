using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Convergence;

/// <summary>Who is reporting and what the report must carry besides the node's contents.</summary>
/// <param name="AgentVersion">The agent's version.</param>
/// <param name="Session">The random id of this agent start.</param>
/// <param name="Sequence">The report's number in the session.</param>
/// <param name="AppliedRevision">The revision of the document last converged to, 0 before the first.</param>
/// <param name="Inventory">The node's hardware.</param>
/// <param name="ObservedAt">When the pass read the hypervisor.</param>
public sealed record ReportHeader(string AgentVersion, string Session, long Sequence, long AppliedRevision, NodeInventory Inventory, DateTimeOffset ObservedAt);

/// <summary>
/// Builds the heartbeat from what the hypervisor holds after a pass: one entry per desired server
/// and volume (existing or not, with the pass's error for its uid), the orphans and the foreign
/// domains. Pure.
/// </summary>
public static class ReportBuilder
{
    /// <summary>The report of <paramref name="observed"/> against <paramref name="desired"/>.</summary>
    public static NodeReport Build(ReportHeader header, DesiredDocument desired, NodeObservation observed, IReadOnlyDictionary<string, string> errors)
    {
        var classification = NodeClassification.Of(desired, observed);
        var servers = desired.Servers.Select(s => Server(s, classification, errors)).ToList();
        var volumes = desired.Volumes.Select(v => Volume(v, classification, errors)).ToList();
        return new NodeReport(
            AgentProtocol.Version, header.AgentVersion, header.Session, header.Sequence, header.AppliedRevision, header.Inventory,
            servers, volumes, classification.Orphans, [.. classification.Foreign.Select(d => d.Name)], header.ObservedAt);
    }

    private static ServerState Server(DesiredServer server, NodeClassification classification, IReadOnlyDictionary<string, string> errors)
    {
        var uid = server.Owner.Uid;
        var error = errors.GetValueOrDefault(uid);
        return classification.ServerDomains.GetValueOrDefault(uid) is { } domain
            ? new ServerState(uid, domain.Owner?.Generation ?? 0, Exists: true, domain.Running, domain.Addresses, error)
            : new ServerState(uid, 0, Exists: false, Running: false, [], error);
    }

    private static VolumeState Volume(DesiredVolume volume, NodeClassification classification, IReadOnlyDictionary<string, string> errors)
    {
        var uid = volume.Owner.Uid;
        var found = classification.OwnedVolumes.GetValueOrDefault(DomainNames.Volume(uid));
        return new VolumeState(uid, found is not null, found?.CapacityGiB ?? 0, errors.GetValueOrDefault(uid));
    }
}
