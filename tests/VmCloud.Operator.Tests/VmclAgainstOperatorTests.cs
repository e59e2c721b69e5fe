using System.Text.Json.Nodes;
using VmCloud.Cli;

namespace VmCloud.Operator.Tests;

/// <summary>vmcl get and describe in-process against the real operator over examples/gitops.</summary>
public sealed class VmclAgainstOperatorTests(ExampleOperator example) : IClassFixture<ExampleOperator>
{
    [Fact]
    public async Task GetVps_AcrossTenants_ListsEveryServer()
    {
        var (exit, stdout, stderr) = await RunAsync("get", "vps", "-A", "-o", "json");

        Assert.True(exit == Vmcl.Ok, stderr);
        var list = JsonNode.Parse(stdout)!;
        Assert.Equal("VirtualServerList", (string)list["kind"]!);
        Assert.Equal(16, list["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Describe_ShowsConditionsWithReasons()
    {
        // The operator answers once its sources are applied; admission runs right after, so wait for it.
        await example.Process.WaitForAsync("app-1 to be admitted",
            () => example.Process.GetJsonAsync($"{ExampleOperator.ApiRoot}/namespaces/kestrel-analytics/virtualservers/app-1"),
            server => server["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Admitted") == true);

        var (exit, stdout, stderr) = await RunAsync("describe", "vps", "app-1", "-n", "kestrel-analytics");

        Assert.True(exit == Vmcl.Ok, stderr);
        Assert.Contains("Name:", stdout);
        Assert.Contains("Admitted", stdout);
        Assert.Contains("Unschedulable", stdout);
    }

    [Fact]
    public async Task Get_MissingObject_ExitsOne()
    {
        var (exit, _, stderr) = await RunAsync("get", "vps", "nope", "-n", "kestrel-analytics");

        Assert.Equal(Vmcl.Invalid, exit);
        Assert.Contains("not found", stderr);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Vmcl.RunAsync([.. args, "--server", example.Process.Address.ToString()], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
