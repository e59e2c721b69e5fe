using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;
using VmCloud.Engine.Tests.Runtime.Fakes;

namespace VmCloud.Engine.Tests.Runtime;

public sealed class WorkQueueTests : IDisposable
{
    private static readonly ResourceKey A = RuntimeObjects.VpsKey("a");
    private static readonly ResourceKey B = RuntimeObjects.VpsKey("b");

    private readonly ManualTimeProvider time = new();
    private readonly WorkQueue queue;

    public WorkQueueTests() => queue = new WorkQueue(new WorkQueueOptions(), time, new FixedRandom(0));

    public void Dispose() => queue.Dispose();

    [Fact]
    public async Task Add_SameKeyTwice_IsTakenOnce()
    {
        queue.Add(A);
        queue.Add(A);
        queue.Add(B);

        Assert.Equal(2, queue.Count);
        Assert.Equal(A, await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(B, await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsHeldUntilDone_ThenQueuedOnce()
    {
        queue.Add(A);
        var taken = await queue.TakeAsync(CancellationToken.None);

        queue.Add(A);
        queue.Add(A);

        // A second worker must not get the key while the first still has it.
        Assert.Equal(0, queue.Count);
        var second = queue.TakeAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);

        queue.Done(taken);
        Assert.Equal(A, await second);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Done_WithoutNewAdd_DoesNotRequeue()
    {
        queue.Add(A);
        queue.Done(await queue.TakeAsync(CancellationToken.None));

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void AddAfter_BecomesReadyOnlyWhenTheDelayHasPassed()
    {
        queue.AddAfter(A, TimeSpan.FromSeconds(30));

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, queue.Count);
        Assert.Equal(1, queue.DelayedCount);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.DelayedCount);
    }

    [Fact]
    public void AddAfter_KeepsTheEarliestDeadlineOfAKey()
    {
        queue.AddAfter(A, TimeSpan.FromSeconds(60));
        queue.AddAfter(A, TimeSpan.FromSeconds(10));
        queue.AddAfter(A, TimeSpan.FromSeconds(40));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Count);

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, queue.Count); // the later deadlines were folded into the earlier one
    }

    [Fact]
    public void AddAfter_ZeroDelay_QueuesAtOnce()
    {
        queue.AddAfter(A, TimeSpan.Zero);

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddAfter_OfAQueuedKey_QueuesItAgainLater()
    {
        // A "look again in 30 s" must survive the key being queued now for another reason.
        queue.Add(A);
        queue.AddAfter(A, TimeSpan.FromSeconds(30));

        Assert.Equal(1, queue.DelayedCount);
    }

    [Fact]
    public void AddRateLimited_DoublesPerFailure_UpToTheCap()
    {
        using var capped = new WorkQueue(
            new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) }, time, new FixedRandom(0));

        var delays = Enumerable.Range(0, 6).Select(_ => capped.AddRateLimited(A).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
        Assert.Equal(6, capped.Failures(A));
    }

    [Fact]
    public void AddRateLimited_Jitter_ShortensTheDelayByAtMostItsShare()
    {
        using var jittered = new WorkQueue(
            new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(8), Jitter = 0.5 }, time, new FixedRandom(0.999_999));

        var delay = jittered.AddRateLimited(A);

        Assert.InRange(delay.TotalSeconds, 4, 4.0001);
    }

    [Fact]
    public void Forget_ResetsTheBackoffToTheBaseDelay()
    {
        queue.AddRateLimited(A);
        queue.AddRateLimited(A);
        queue.AddRateLimited(A);

        queue.Forget(A);

        Assert.Equal(0, queue.Failures(A));
        Assert.Equal(new WorkQueueOptions().BaseDelay, queue.AddRateLimited(A));
    }

    [Fact]
    public void AddRateLimited_BackoffIsPerKey()
    {
        queue.AddRateLimited(A);
        queue.AddRateLimited(A);

        Assert.Equal(new WorkQueueOptions().BaseDelay, queue.AddRateLimited(B));
    }

    [Fact]
    public void AddRateLimited_BeyondTheBurst_WaitsForTheGlobalRate()
    {
        using var limited = new WorkQueue(
            new WorkQueueOptions { BaseDelay = TimeSpan.FromMilliseconds(1), RetriesPerSecond = 10, RetryBurst = 2 }, time, new FixedRandom(0));
        var keys = Enumerable.Range(0, 5).Select(i => RuntimeObjects.VpsKey($"k{i}")).ToArray();

        var delays = keys.Select(k => limited.AddRateLimited(k).TotalMilliseconds).ToArray();

        // Two tokens in the bucket, then one every 100 ms, reserved in order.
        Assert.Equal([1, 1, 100, 200, 300], delays.Select(d => Math.Round(d)));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, limited.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(2), limited.AddRateLimited(keys[0])); // the bucket refilled
    }

    [Fact]
    public async Task TakeAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        var take = queue.TakeAsync(cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take);
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Options_Invalid_AreRejected(WorkQueueOptions options) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkQueue(options, time));

    public static TheoryData<WorkQueueOptions> InvalidOptions() => new()
    {
        new WorkQueueOptions { BaseDelay = TimeSpan.Zero },
        new WorkQueueOptions { MaxDelay = TimeSpan.FromMilliseconds(1) },
        new WorkQueueOptions { Jitter = 1.5 },
        new WorkQueueOptions { RetriesPerSecond = 0 },
        new WorkQueueOptions { RetryBurst = 0 },
    };
}
