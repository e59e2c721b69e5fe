using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Metrics;
using VmCloud.Engine.Scheduling;

namespace VmCloud.Operator.Metrics;

/// <summary>What the control-plane families are computed from at one scrape.</summary>
/// <param name="Resources">Objects by kind and phase.</param>
/// <param name="Nodes">Every HypervisorNode.</param>
/// <param name="Leftovers">Orphans and foreign domains of each node's last report.</param>
/// <param name="Now">The time heartbeats are judged at.</param>
/// <param name="HeartbeatTimeout">How old a heartbeat may be for its node to be ready.</param>
internal sealed record ControlPlaneState(
    IReadOnlyList<(string Kind, string Phase, int Count)> Resources,
    IReadOnlyList<HypervisorNode> Nodes,
    IReadOnlyList<(string Node, int Orphans, int ForeignDomains)> Leftovers,
    DateTimeOffset Now,
    TimeSpan HeartbeatTimeout);

/// <summary>
/// The control plane's state families of docs/metrics.md ("Operator: control plane"): resources by
/// kind and phase, each node's readiness and heartbeat age, and what its agent reported that
/// vmcloud does not own. Pure: series in label order, the same state always renders the same.
/// </summary>
internal static class ControlPlaneFamilies
{
    public static IReadOnlyList<MetricFamily> Of(ControlPlaneState state)
    {
        var nodes = state.Nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();
        var known = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        // A deleted node's last report stays in the hub; it has nothing left to report on.
        var leftovers = state.Leftovers.Where(l => known.Contains(l.Node)).OrderBy(l => l.Node, StringComparer.Ordinal).ToList();
        return
        [
            MetricFamily.Gauge("vmcloud_resources", "Resources by kind and status phase (Unknown before the control plane first writes a status).",
                [.. state.Resources.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Phase, StringComparer.Ordinal)
                    .Select(r => new Sample([new Label("kind", r.Kind), new Label("phase", r.Phase)], r.Count))]),
            MetricFamily.Gauge("vmcloud_node_ready", "1 when the node's agent heartbeats within the timeout and no Ready condition says otherwise, else 0.",
                [.. nodes.Select(n => OfNode(n, NodeSnapshots.IsReady(n, state.Now, state.HeartbeatTimeout) ? 1 : 0))]),
            MetricFamily.Gauge("vmcloud_node_heartbeat_age_seconds", "Seconds since the node's last recorded heartbeat (nodes that reported once only).",
                [.. nodes.Where(n => n.Status?.LastHeartbeatTime is not null)
                    .Select(n => OfNode(n, Math.Max(0, (state.Now - n.Status!.LastHeartbeatTime!.Value).TotalSeconds)))]),
            MetricFamily.Gauge("vmcloud_node_orphans", "Domains and volumes with vmcloud metadata whose owner is gone, from the node's last report.",
                [.. leftovers.Select(l => new Sample([new Label("node", l.Node)], l.Orphans))]),
            MetricFamily.Gauge("vmcloud_node_foreign_domains", "Domains without vmcloud metadata (never touched), from the node's last report.",
                [.. leftovers.Select(l => new Sample([new Label("node", l.Node)], l.ForeignDomains))]),
        ];
    }

    private static Sample OfNode(HypervisorNode node, double value) =>
        new([new Label("node", node.Metadata.Name), new Label("datacenter", node.Spec.Datacenter)], value);
}
