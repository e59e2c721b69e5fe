using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>The delivery ids remembered against replays: each once, the oldest forgotten first.</summary>
public sealed class DeliveryLogTests
{
    [Fact]
    public void FirstTime_IsTrueOnce_PerId()
    {
        var log = new DeliveryLog();

        Assert.True(log.FirstTime("a"));
        Assert.False(log.FirstTime("a"));
        Assert.True(log.FirstTime("b"));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void FirstTime_ForgetsTheOldestId_PastTheCapacity()
    {
        var log = new DeliveryLog(capacity: 3);
        foreach (var id in new[] { "1", "2", "3", "4" }) log.FirstTime(id);

        Assert.Equal(3, log.Count);
        Assert.False(log.FirstTime("4"));
        Assert.False(log.FirstTime("2"));
        Assert.True(log.FirstTime("1"));
    }

    [Fact]
    public async Task FirstTime_IsTrueForExactlyOneCaller_WhenManyRaceOnAnId()
    {
        var log = new DeliveryLog(capacity: 100);
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait(TimeSpan.FromSeconds(10));
            return Enumerable.Range(0, 1000).Count(i => log.FirstTime($"d{i % 50}"));
        })).ToArray();

        start.Set();
        var firsts = await Task.WhenAll(racers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(50, firsts.Sum());
        Assert.Equal(50, log.Count);
    }
}
