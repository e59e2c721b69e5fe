using Microsoft.Extensions.Logging;
using VmCloud.Agent.Node;
using VmCloud.Agent.Protocol;
using VmCloud.Agent.Tests.Fakes;

namespace VmCloud.Agent.Tests.Node;

public sealed class OperatorLinkTests
{
    [Fact]
    public void Link_LogsOncePerChangeOfState_NotOncePerFailure()
    {
        var logger = new ListLogger();
        var link = new OperatorLink("par1-c01", logger, null);

        link.Up();
        for (var i = 0; i < 5; i++) link.Down(new OperatorException(OperatorFailure.Unreachable, $"attempt {i}: connection refused"));
        link.Down(new OperatorException(OperatorFailure.Unauthorized, "401"));
        link.Down(new OperatorException(OperatorFailure.Unauthorized, "401"));
        link.Up();
        link.Up();

        Assert.Equal([LogLevel.Warning, LogLevel.Warning, LogLevel.Information], logger.Entries.Select(e => e.Level));
        Assert.Contains("attempt 0: connection refused", logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.True(link.Reachable);
    }
}
