using System.Diagnostics;

namespace VmCloud.Agent.Tests.Fakes;

/// <summary>Waits on a condition with a deadline, instead of sleeping and hoping.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(15);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test at the deadline, saying what was awaited.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) Assert.Fail($"not within {limit.TotalSeconds:0.#} s: {what}");
            await Task.Delay(10);
        }
    }
}
