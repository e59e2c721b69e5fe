namespace VmCloud.Engine.Scheduling;

/// <summary>What to do with a server already bound to a node.</summary>
public enum BindingAction
{
    /// <summary>The node is up (cordoned or not): the server stays.</summary>
    Stay,

    /// <summary>The node went silent and is not fenced: the server stays bound and waits for it.</summary>
    WaitForNode,

    /// <summary>The node is fenced: the server may be placed on another node.</summary>
    Reschedule,
}

/// <summary>The decision for a bound server, with a sentence for its conditions.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Message">Why, and what staff can do about it.</param>
public sealed record BindingDecision(BindingAction Action, string Message)
{
    /// <summary>The server must not be placed anywhere else.</summary>
    public bool MustStayBound => Action != BindingAction.Reschedule;
}

/// <summary>
/// The rule for servers on a node that failed. A node that lost its heartbeat may still run its
/// servers (a network partition looks exactly like a crash), so placing a second copy elsewhere
/// could run both against the same disks and addresses. Only staff, by fencing the node, can say
/// it is off; until then the server waits.
/// </summary>
public static class BoundServers
{
    /// <summary>The decision for a server bound to <paramref name="nodeName"/>, given the node now (null when it is gone).</summary>
    public static BindingDecision Decide(string nodeName, NodeSnapshot? node) => node switch
    {
        // A deleted node is not a fenced one: nobody confirmed the machine is off.
        null => new(BindingAction.WaitForNode,
            $"node {nodeName} is not in the fleet; the server stays bound to it, as it may still run there. "
            + $"Re-create the node with spec.fenced: true once it is confirmed off to move the server."),
        { Fenced: true } => new(BindingAction.Reschedule,
            $"node {nodeName} is fenced: staff confirmed it is off, so the server may be placed on another node."),
        { Ready: false } => new(BindingAction.WaitForNode,
            $"node {nodeName} is not Ready (its agent stopped reporting); the server stays bound, as it may still run there. "
            + $"Fence the node (spec.fenced: true) once it is confirmed off to move the server."),
        { Unschedulable: true } => new(BindingAction.Stay,
            $"node {nodeName} is cordoned: nothing new goes there, and the server stays until it is moved."),
        _ => new(BindingAction.Stay, $"bound to node {nodeName}."),
    };
}
