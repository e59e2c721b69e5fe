namespace VmCloud.Agent.Protocol;

/// <summary>
/// Exponential backoff with jitter for requests to the operator: the n-th consecutive failure
/// waits a random time between half and all of min(cap, base·2ⁿ), so a thousand agents that lost
/// the operator together do not come back in lockstep. Randomness is injected for tests.
/// Not thread-safe: each node session owns one.
/// </summary>
/// <param name="baseDelay">The first wait.</param>
/// <param name="maxDelay">The longest wait.</param>
/// <param name="random">The source of jitter.</param>
public sealed class RetryDelay(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
{
    /// <summary>Consecutive failures so far.</summary>
    public int Failures { get; private set; }

    /// <summary>The defaults: from 1 s up to 30 s.</summary>
    public static RetryDelay Default(Random random) => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), random);

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Next()
    {
        // In doubles: 2^n overflows ticks long before the cap would stop it.
        var exponential = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Failures));
        Failures++;
        return TimeSpan.FromTicks((long)(exponential * (0.5 + (0.5 * random.NextDouble()))));
    }

    /// <summary>A success: the next failure starts from the base delay again.</summary>
    public void Reset() => Failures = 0;
}
