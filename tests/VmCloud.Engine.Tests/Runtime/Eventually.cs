namespace VmCloud.Engine.Tests.Runtime;

/// <summary>Waits on a condition with a deadline, instead of sleeping and hoping.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test at the deadline.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? deadline = null, Func<string>? because = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"condition not met within {deadline ?? DefaultDeadline}{(because is null ? "" : ": " + because())}");
            await Task.Delay(2);
        }
    }

    /// <summary>Reads until the value satisfies <paramref name="until"/>; returns it, or fails the test at the deadline.</summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan? deadline = null)
    {
        var end = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (true)
        {
            var value = await read();
            if (until(value)) return value;
            if (DateTime.UtcNow > end) Assert.Fail($"not reached within {deadline ?? DefaultDeadline}; last value: {value}");
            await Task.Delay(5);
        }
    }
}
