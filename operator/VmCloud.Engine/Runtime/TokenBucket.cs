namespace VmCloud.Engine.Runtime;

/// <summary>
/// A token bucket that reserves rather than refuses: each call takes a token, possibly borrowing
/// against the future, and says how long to wait until that token exists (like Go's rate.Reserve).
/// Not thread-safe: the <see cref="WorkQueue"/> calls it under its lock.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double perSecond;
    private readonly int burst;
    private readonly TimeProvider time;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double perSecond, int burst, TimeProvider time)
    {
        this.perSecond = perSecond;
        this.burst = burst;
        this.time = time;
        tokens = burst;
        refilledAt = time.GetTimestamp();
    }

    /// <summary>Takes one token; returns zero if it was there, else the wait until it will be.</summary>
    public TimeSpan Reserve()
    {
        var now = time.GetTimestamp();
        tokens = Math.Min(burst, tokens + time.GetElapsedTime(refilledAt, now).TotalSeconds * perSecond);
        refilledAt = now;
        tokens -= 1;
        return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / perSecond);
    }
}
