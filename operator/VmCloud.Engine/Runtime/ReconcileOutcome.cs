namespace VmCloud.Engine.Runtime;

/// <summary>
/// How a reconcile ended. Reconcilers return outcomes rather than throw: an exception means
/// transient I/O or a bug, and is retried with backoff and jitter.
/// </summary>
public abstract record ReconcileOutcome
{
    /// <summary>Converged; look again after <paramref name="after"/> if given (periodic checks), else on the next change.</summary>
    public static ReconcileOutcome Done(TimeSpan? after = null) => new DoneOutcome(after);

    /// <summary>Waiting for something outside (an agent, a node); look again after <paramref name="after"/>.</summary>
    public static ReconcileOutcome Waiting(string reason, TimeSpan after) => new WaitingOutcome(reason, after);

    /// <summary>Cannot progress until the object changes (invalid, rejected): no requeue.</summary>
    public static ReconcileOutcome Stalled(string reason, string message) => new StalledOutcome(reason, message);
}

/// <summary>See <see cref="ReconcileOutcome.Done"/>.</summary>
public sealed record DoneOutcome(TimeSpan? RequeueAfter) : ReconcileOutcome;

/// <summary>See <see cref="ReconcileOutcome.Waiting"/>.</summary>
public sealed record WaitingOutcome(string Reason, TimeSpan RequeueAfter) : ReconcileOutcome;

/// <summary>See <see cref="ReconcileOutcome.Stalled"/>.</summary>
public sealed record StalledOutcome(string Reason, string Message) : ReconcileOutcome;
