namespace VmCloud.Engine.Runtime;

/// <summary>How one controller (one registered <see cref="IReconciler"/>) runs.</summary>
public sealed record ControllerOptions
{
    /// <summary>Keys reconciled in parallel; one key is never reconciled by two workers at once.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>
    /// Every object of the kind is queued again this often, to correct drift nobody reported
    /// (a lost watch event, a change outside the store). Null turns it off.
    /// </summary>
    public TimeSpan? ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Backoff and retry rate of the controller's queue.</summary>
    public WorkQueueOptions Queue { get; init; } = new();

    /// <summary>Throws when a value cannot work, naming it.</summary>
    public ControllerOptions Validate()
    {
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "must be at least 1");
        if (ResyncPeriod <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ResyncPeriod), ResyncPeriod, "must be positive, or null for none");
        ArgumentNullException.ThrowIfNull(Queue);
        Queue.Validate();
        return this;
    }
}

/// <summary>What every controller of a <see cref="ControllerRuntime"/> shares.</summary>
public sealed record ControllerRuntimeOptions
{
    /// <summary>
    /// After shutdown is asked, reconciles in flight keep an uncancelled token this long, so most
    /// finish their step instead of leaving half-done work for the next start.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait before watching again after a watch failed (other than Gone).</summary>
    public TimeSpan WatchRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between watch retries.</summary>
    public TimeSpan WatchRetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a value cannot work, naming it.</summary>
    public ControllerRuntimeOptions Validate()
    {
        if (ShutdownGracePeriod < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ShutdownGracePeriod), ShutdownGracePeriod, "must not be negative");
        if (WatchRetryDelay <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WatchRetryDelay), WatchRetryDelay, "must be positive");
        if (WatchRetryMaxDelay < WatchRetryDelay) throw new ArgumentOutOfRangeException(nameof(WatchRetryMaxDelay), WatchRetryMaxDelay, "must be at least WatchRetryDelay");
        return this;
    }
}
