namespace VmCloud.Agent.Node;

/// <summary>Where a node session stands, for the host, the hollow fleet's progress and tests.</summary>
/// <param name="Registered">Whether the operator accepted the registration.</param>
/// <param name="AppliedRevision">The revision of the document the last pass converged to, 0 before the first.</param>
/// <param name="Passes">Convergence passes run.</param>
/// <param name="ReportsAccepted">Reports the operator accepted.</param>
/// <param name="LastReportAt">When the last report was accepted.</param>
/// <param name="OperatorReachable">Whether the last request reached the operator.</param>
public sealed record NodeAgentState(bool Registered, long AppliedRevision, long Passes, long ReportsAccepted, DateTimeOffset? LastReportAt, bool OperatorReachable)
{
    /// <summary>A session that has not started.</summary>
    public static NodeAgentState Initial { get; } = new(false, 0, 0, 0, null, false);
}
