namespace VmCloud.Engine.Runtime;

/// <summary>
/// How a <see cref="WorkQueue"/> paces retries. Fresh changes are never throttled (they are the work
/// itself); retries after a failure wait for the larger of the key's own backoff and the global bucket,
/// so one broken dependency cannot turn every key into a retry storm.
/// </summary>
public sealed record WorkQueueOptions
{
    /// <summary>The first retry delay of a key; it doubles on each consecutive failure.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest retry delay of a key.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The share of a delay that is randomised: 0.5 spreads a delay d over [d/2, d] ("equal jitter"),
    /// so keys that failed together do not retry together. Jitter only shortens, so the cap holds.
    /// </summary>
    public double Jitter { get; init; } = 0.5;

    /// <summary>Retries per second across every key of the queue.</summary>
    public double RetriesPerSecond { get; init; } = 100;

    /// <summary>Retries that may go at once before the rate applies.</summary>
    public int RetryBurst { get; init; } = 1000;

    /// <summary>Throws when a value cannot work, naming it.</summary>
    public WorkQueueOptions Validate()
    {
        if (BaseDelay <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "must be positive");
        if (MaxDelay < BaseDelay) throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "must be at least BaseDelay");
        if (Jitter is < 0 or > 1 || double.IsNaN(Jitter)) throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "must be within [0, 1]");
        if (!(RetriesPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(RetriesPerSecond), RetriesPerSecond, "must be positive");
        if (RetryBurst < 1) throw new ArgumentOutOfRangeException(nameof(RetryBurst), RetryBurst, "must be at least 1");
        return this;
    }
}
