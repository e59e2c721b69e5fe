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
}
