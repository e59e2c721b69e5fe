using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// Per-key exponential backoff with jitter: the n-th consecutive failure of a key waits
/// min(cap, base·2ⁿ), shortened by up to <see cref="WorkQueueOptions.Jitter"/> of itself.
/// Not thread-safe: the <see cref="WorkQueue"/> calls it under its lock.
/// </summary>
internal sealed class RetryBackoff(WorkQueueOptions options, Random random)
{
    private readonly Dictionary<ResourceKey, int> failures = [];

    /// <summary>Counts one more failure of the key and returns how long it should wait.</summary>
    public TimeSpan Next(ResourceKey key)
    {
        failures.TryGetValue(key, out var count);
        failures[key] = count + 1;

        // Computed in doubles: 2^count overflows long ticks long before the cap would stop it.
        var exponential = Math.Min(options.MaxDelay.Ticks, options.BaseDelay.Ticks * Math.Pow(2, count));
        var jittered = exponential * (1 - options.Jitter * random.NextDouble());
        return TimeSpan.FromTicks((long)jittered);
    }

    /// <summary>Consecutive failures of the key so far.</summary>
    public int Failures(ResourceKey key) => failures.GetValueOrDefault(key);

    /// <summary>The key succeeded: its next failure starts from the base delay again.</summary>
    public void Forget(ResourceKey key) => failures.Remove(key);
}
