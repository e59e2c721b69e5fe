using System.Collections.Concurrent;
using VmCloud.Agent.Convergence;
using VmCloud.Core.Metrics;

namespace VmCloud.Agent.Metrics;

/// <summary>
/// The agent's metrics, shared by every node session of the process (one for a real node, a
/// thousand for a hollow fleet). Gauges are per node; counters and histograms are process-wide, so
/// a large fleet does not multiply histogram series. Thread-safe; read by <c>/metrics</c>.
/// </summary>
public sealed class AgentMetrics
{
    private static readonly double[] PassBounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] RequestBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private readonly ConcurrentDictionary<string, NodeGauges> nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Request, string Code), Histogram> requests = new();
    private readonly Histogram passes = new(PassBounds);
    private long actionsApplied;
    private long actionsFailed;
    private long passFailures;

    /// <summary>Records one convergence pass of <paramref name="node"/> and what the node holds after it.</summary>
    public void PassDone(string node, TimeSpan duration, int applied, int failed, NodeClassification after, int ownersInError)
    {
        passes.Observe(duration.TotalSeconds);
        Interlocked.Add(ref actionsApplied, applied);
        Interlocked.Add(ref actionsFailed, failed);
        var running = after.ServerDomains.Values.Count(d => d.Running);
        nodes.AddOrUpdate(node,
            _ => new NodeGauges { Running = running, Stopped = after.ServerDomains.Count - running, Orphans = after.Orphans.Count, Foreign = after.Foreign.Count, Errors = ownersInError },
            (_, g) => g with { Running = running, Stopped = after.ServerDomains.Count - running, Orphans = after.Orphans.Count, Foreign = after.Foreign.Count, Errors = ownersInError });
    }

    /// <summary>A pass that could not even read the hypervisor.</summary>
    public void PassFailed() => Interlocked.Increment(ref passFailures);

    /// <summary>Records that <paramref name="node"/>'s report was accepted at <paramref name="at"/>.</summary>
    public void Reported(string node, DateTimeOffset at) =>
        nodes.AddOrUpdate(node, _ => new NodeGauges { LastReport = at, Reachable = true }, (_, g) => g with { LastReport = at, Reachable = true });

    /// <summary>Records whether <paramref name="node"/>'s session reaches the operator.</summary>
    public void Reachable(string node, bool reachable) =>
        nodes.AddOrUpdate(node, _ => new NodeGauges { Reachable = reachable }, (_, g) => g with { Reachable = reachable });

    /// <summary>Records one request to the operator: which, the HTTP status (or <c>unreachable</c>) and how long it took.</summary>
    public void RequestDone(string request, string code, TimeSpan duration) =>
        requests.GetOrAdd((request, code), _ => new Histogram(RequestBounds)).Observe(duration.TotalSeconds);

    /// <summary>How many requests of a kind ended with <paramref name="code"/>.</summary>
    public long RequestCount(string request, string code) =>
        requests.TryGetValue((request, code), out var histogram) ? histogram.Sample([]).Count : 0;

    /// <summary>Every family, for the Prometheus text writer.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        var gauges = nodes.OrderBy(n => n.Key, StringComparer.Ordinal).ToList();
        return
        [
            MetricFamily.Gauge("vmcloud_agent_domains", "vmcloud domains of desired servers on the node, by power state.",
                [.. gauges.SelectMany(n => new[] { Node(n.Key, n.Value.Running, ("state", "running")), Node(n.Key, n.Value.Stopped, ("state", "shutoff")) })]),
            MetricFamily.Gauge("vmcloud_agent_orphans", "Domains and volumes with vmcloud names or metadata whose owner is not in the desired document.",
                [.. gauges.Select(n => Node(n.Key, n.Value.Orphans))]),
            MetricFamily.Gauge("vmcloud_agent_foreign_domains", "Domains without vmcloud metadata: never touched, only reported.",
                [.. gauges.Select(n => Node(n.Key, n.Value.Foreign))]),
            MetricFamily.Gauge("vmcloud_agent_owners_in_error", "Desired servers and volumes whose last convergence failed.",
                [.. gauges.Select(n => Node(n.Key, n.Value.Errors))]),
            MetricFamily.Gauge("vmcloud_agent_last_report_timestamp_seconds", "Unix time of the last report the operator accepted.",
                [.. gauges.Where(n => n.Value.LastReport is not null).Select(n => Node(n.Key, n.Value.LastReport!.Value.ToUnixTimeMilliseconds() / 1000.0))]),
            MetricFamily.Gauge("vmcloud_agent_operator_reachable", "1 when the node's last request reached the operator, else 0.",
                [.. gauges.Select(n => Node(n.Key, n.Value.Reachable ? 1 : 0))]),
            MetricFamily.Counter("vmcloud_agent_actions_total", "Hypervisor actions applied by convergence passes, by result.",
                [new Sample([new Label("result", "applied")], Interlocked.Read(ref actionsApplied)), new Sample([new Label("result", "failed")], Interlocked.Read(ref actionsFailed))]),
            MetricFamily.Counter("vmcloud_agent_converge_failures_total", "Passes that could not read the hypervisor.",
                [new Sample([], Interlocked.Read(ref passFailures))]),
            MetricFamily.Histogram("vmcloud_agent_converge_duration_seconds", "Duration of convergence passes: observe, plan, apply, observe again.",
                [passes.Sample([])]),
            MetricFamily.Histogram("vmcloud_agent_protocol_request_duration_seconds", "Requests to the operator by request and HTTP status (long-polls include their wait).",
                [.. requests.OrderBy(r => r.Key.Request, StringComparer.Ordinal).ThenBy(r => r.Key.Code, StringComparer.Ordinal)
                    .Select(r => r.Value.Sample([new Label("request", r.Key.Request), new Label("code", r.Key.Code)]))]),
        ];
    }

    /// <summary>The exposition, in the Prometheus text format.</summary>
    public string Render() => PrometheusTextFormat.Render(Collect());

    private static Sample Node(string node, double value, (string Name, string Value)? extra = null) =>
        new(extra is { } e ? [new Label("node", node), new Label(e.Name, e.Value)] : [new Label("node", node)], value);

    private sealed record NodeGauges
    {
        public int Running { get; init; }

        public int Stopped { get; init; }

        public int Orphans { get; init; }

        public int Foreign { get; init; }

        public int Errors { get; init; }

        public DateTimeOffset? LastReport { get; init; }

        public bool Reachable { get; init; }
    }
}
