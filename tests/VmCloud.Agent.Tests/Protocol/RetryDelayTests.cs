using VmCloud.Agent.Protocol;

namespace VmCloud.Agent.Tests.Protocol;

public sealed class RetryDelayTests
{
    [Fact]
    public void Next_DoublesUpToTheCap_WithJitterInTheUpperHalf()
    {
        var delay = new RetryDelay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(42));

        var waits = Enumerable.Range(0, 10).Select(_ => delay.Next().TotalSeconds).ToList();

        double[] ceilings = [1, 2, 4, 8, 16, 30, 30, 30, 30, 30];
        Assert.All(waits.Zip(ceilings), p => Assert.InRange(p.First, p.Second / 2, p.Second));
        Assert.Equal(10, delay.Failures);
    }

    [Fact]
    public void Reset_StartsAgainFromTheBase()
    {
        var delay = new RetryDelay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(1));
        for (var i = 0; i < 6; i++) delay.Next();

        delay.Reset();

        Assert.InRange(delay.Next().TotalSeconds, 0.5, 1);
    }
}
