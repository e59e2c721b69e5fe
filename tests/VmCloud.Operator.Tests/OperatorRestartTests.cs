using static VmCloud.Operator.Tests.ExampleOperator;

namespace VmCloud.Operator.Tests;

/// <summary>The embedded store survives kill -9: a restart on the same data serves the same objects.</summary>
public sealed class OperatorRestartTests
{
    [Fact]
    public async Task KillNine_ThenRestartOnTheSameData_ServesTheSameObjectsWithTheSameUids()
    {
        await using var process = await StartAsync();
        var before = await UidsAsync(process);
        var tenantsBefore = await process.GetJsonAsync($"{ApiRoot}/tenants/helix-ml");

        await process.KillAndRestartAsync();

        Assert.Equal(53, before.Count); // the 52 objects of examples/gitops and their Source
        Assert.Equal(before, await UidsAsync(process));
        var tenantAfter = await process.GetJsonAsync($"{ApiRoot}/tenants/helix-ml");
        Assert.Equal((string?)tenantsBefore["metadata"]?["creationTimestamp"], (string?)tenantAfter["metadata"]?["creationTimestamp"]);
    }
}
