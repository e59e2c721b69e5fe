namespace VmCloud.Engine.Scheduling;

/// <summary>An object bound to a node, with the GPUs passed through to it.</summary>
/// <param name="Request">What was placed.</param>
/// <param name="NodeName">The node it is bound to.</param>
/// <param name="GpuPciAddresses">PCI addresses of the GPUs allotted on that node, in address order; empty without GPUs.</param>
public sealed record Placement(PlacementRequest Request, string NodeName, IReadOnlyList<string> GpuPciAddresses);

/// <summary>The scheduler's answer: placed on a node, or unschedulable with the reason.</summary>
public abstract record PlacementResult
{
    // Closed hierarchy: only the two outcomes below exist.
    private PlacementResult()
    {
    }

    /// <summary>Bound to a node.</summary>
    /// <param name="Placement">The node and the GPUs allotted.</param>
    public sealed record Placed(Placement Placement) : PlacementResult;

    /// <summary>No node can take it now.</summary>
    /// <param name="Reason">What is short and where, as a sentence for the Scheduled condition and <c>vmcl plan</c>.</param>
    public sealed record Unschedulable(string Reason) : PlacementResult;
}

/// <summary>The reasons of the Scheduled condition.</summary>
public static class SchedulingReasons
{
    /// <summary>Bound to a node.</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>No node can take it; the message says what is short and where.</summary>
    public const string Unschedulable = "Unschedulable";

    /// <summary>Bound to a node that lost its heartbeat and is not fenced: the server waits for it.</summary>
    public const string NodeLost = "NodeLost";
}
