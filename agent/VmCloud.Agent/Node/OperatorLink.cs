using Microsoft.Extensions.Logging;
using VmCloud.Agent.Metrics;
using VmCloud.Agent.Protocol;

namespace VmCloud.Agent.Node;

/// <summary>
/// Whether a node session reaches the operator, logged once per change of state rather than once
/// per failed request: an operator down for an hour gives one warning and one recovery line per
/// node, not thousands.
/// </summary>
internal sealed partial class OperatorLink(string node, ILogger logger, AgentMetrics? metrics)
{
    private OperatorFailure? down;
    private bool everUp;

    /// <summary>Whether the last request reached the operator.</summary>
    public bool Reachable => everUp && down is null;

    public void Up()
    {
        if (down is { } failure) LogRecovered(logger, node, failure);
        down = null;
        everUp = true;
        metrics?.Reachable(node, true);
    }

    public void Down(OperatorException e)
    {
        if (down != e.Failure) LogDown(logger, node, e.Failure, e.Message);
        down = e.Failure;
        metrics?.Reachable(node, false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node}: cannot work with the operator ({Failure}): {Reason}; retrying with backoff and converging the last known document meanwhile")]
    private static partial void LogDown(ILogger logger, string node, OperatorFailure failure, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node}: the operator answers again (after {Failure})")]
    private static partial void LogRecovered(ILogger logger, string node, OperatorFailure failure);
}
