using VmCloud.Api.Agents;

namespace VmCloud.Engine.Agents;

/// <summary>
/// The latest report of one node's agent, indexed by uid. A report of the same agent session with a
/// sequence that is not newer is stale: retries and reordered requests change nothing.
/// </summary>
internal sealed class NodeReportState
{
    private NodeReportState(NodeReport report)
    {
        Report = report;
        Servers = report.Servers.GroupBy(s => s.Uid).ToDictionary(g => g.Key, g => g.Last());
        Volumes = report.Volumes.GroupBy(v => v.Uid).ToDictionary(g => g.Key, g => g.Last());
        Present = new HashSet<string>([.. report.Servers.Where(s => s.Exists).Select(s => s.Uid),
            .. report.Volumes.Where(v => v.Exists).Select(v => v.Uid),
            .. report.Orphans.Select(o => o.Uid)], StringComparer.Ordinal);
    }

    /// <summary>The report as received.</summary>
    public NodeReport Report { get; }

    /// <summary>Desired servers' states by uid.</summary>
    public IReadOnlyDictionary<string, ServerState> Servers { get; }

    /// <summary>Desired volumes' states by uid.</summary>
    public IReadOnlyDictionary<string, VolumeState> Volumes { get; }

    /// <summary>Every uid something exists for on the node: desired or orphaned.</summary>
    public IReadOnlySet<string> Present { get; }

    /// <summary>The new state, or null when <paramref name="report"/> is stale against <paramref name="previous"/>.</summary>
    public static NodeReportState? Accept(NodeReportState? previous, NodeReport report) =>
        previous is not null && previous.Report.Session == report.Session && report.Sequence <= previous.Report.Sequence
            ? null
            : new NodeReportState(report);

    /// <summary>The uids whose reported state differs between two reports.</summary>
    public static IEnumerable<string> Changed(NodeReportState? previous, NodeReportState current)
    {
        foreach (var (uid, state) in current.Servers)
            if (previous is null || !previous.Servers.TryGetValue(uid, out var old) || !Same(old, state)) yield return uid;
        foreach (var (uid, state) in current.Volumes)
            if (previous is null || !previous.Volumes.TryGetValue(uid, out var old) || old != state) yield return uid;
        if (previous is null) yield break;
        foreach (var uid in previous.Servers.Keys.Concat(previous.Volumes.Keys))
            if (!current.Servers.ContainsKey(uid) && !current.Volumes.ContainsKey(uid)) yield return uid;
    }

    /// <summary>What the agent said of one uid.</summary>
    public AgentObservation Observe(string uid) => new(
        Report.AppliedRevision, Servers.GetValueOrDefault(uid), Volumes.GetValueOrDefault(uid));

    private static bool Same(ServerState a, ServerState b) =>
        a with { Addresses = b.Addresses } == b && a.Addresses.SequenceEqual(b.Addresses);
}

/// <summary>What a node's agent last said about one object.</summary>
/// <param name="AppliedRevision">The revision of the desired document the agent had converged to.</param>
/// <param name="Server">The domain's state, when the object is a desired server.</param>
/// <param name="Volume">The volume's state, when the object is a desired volume.</param>
public sealed record AgentObservation(long AppliedRevision, ServerState? Server, VolumeState? Volume);
