using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Metrics;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Node;

/// <summary>What one pass found and did.</summary>
/// <param name="Observation">The node's contents after the pass (the last good one when the hypervisor could not be read).</param>
/// <param name="Errors">Errors by owner uid.</param>
/// <param name="Acted">Whether any action was attempted.</param>
/// <param name="Observed">Whether the hypervisor could be read: only then did the pass converge to the document.</param>
public sealed record PassOutcome(NodeObservation Observation, IReadOnlyDictionary<string, string> Errors, bool Acted, bool Observed);

/// <summary>
/// One node's convergence passes: observe, plan (pure), apply, observe again. Keeps what must
/// outlive a pass: the shutdowns under way (for the grace period) and the last observation.
/// Not thread-safe: a node session runs one pass at a time.
/// </summary>
/// <param name="node">The node's name, for metrics.</param>
/// <param name="hypervisor">The node's hypervisor.</param>
/// <param name="executor">Applies the plans.</param>
/// <param name="grace">The shutdown grace period.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">Where passes are logged.</param>
/// <param name="metrics">Where passes are counted, if anywhere.</param>
public sealed partial class NodeConverger(string node, IHypervisor hypervisor, ActionExecutor executor, TimeSpan grace, TimeProvider time, ILogger logger, AgentMetrics? metrics = null)
{
    private IReadOnlyDictionary<string, DateTimeOffset> shutdowns = new Dictionary<string, DateTimeOffset>();
    private NodeObservation last = NodeObservation.Empty;

    /// <summary>Converges the node to <paramref name="desired"/>.</summary>
    public PassOutcome Converge(DesiredDocument desired)
    {
        var started = Stopwatch.GetTimestamp();
        if (TryObserve(out var failure) is not { } before) return Unobserved(desired, failure);
        var plan = Converger.Plan(desired, before, new ShutdownGrace(grace, time.GetUtcNow(), shutdowns));
        shutdowns = plan.ShutdownsSince;
        var result = executor.Apply(plan);
        var after = plan.Actions.Count == 0 ? before : TryObserve(out _) ?? before;
        last = after;
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics?.PassDone(node, elapsed, result.Applied, result.Failed, NodeClassification.Of(desired, after), result.Errors.Count);
        if (plan.Actions.Count > 0) LogPass(logger, desired.Revision, result.Applied, result.Failed, elapsed.TotalMilliseconds);
        return new PassOutcome(after, result.Errors, plan.Actions.Count > 0, Observed: true);
    }

    private NodeObservation? TryObserve(out string? failure)
    {
        failure = null;
        try
        {
            return NodeObservation.Read(hypervisor);
        }
        catch (HypervisorException e)
        {
            LogUnobserved(logger, e.Message);
            failure = e.Message;
            return null;
        }
    }

    // The operator must see why nothing converges: every desired owner carries the reason.
    private PassOutcome Unobserved(DesiredDocument desired, string? failure)
    {
        metrics?.PassFailed();
        var reason = $"the agent cannot read its hypervisor: {failure}";
        var errors = desired.Servers.Select(s => s.Owner.Uid).Concat(desired.Volumes.Select(v => v.Owner.Uid))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(uid => uid, _ => reason, StringComparer.OrdinalIgnoreCase);
        return new PassOutcome(last, errors, Acted: false, Observed: false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Converged to revision {Revision}: {Applied} action(s) applied, {Failed} refused, in {Milliseconds:0.0} ms")]
    private static partial void LogPass(ILogger logger, long revision, int applied, int failed, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the hypervisor: {Reason}")]
    private static partial void LogUnobserved(ILogger logger, string reason);
}
