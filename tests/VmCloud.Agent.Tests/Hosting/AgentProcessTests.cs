using System.Diagnostics;
using System.Runtime.Versioning;
using VmCloud.Agent.Fleet;
using VmCloud.Agent.Libvirt;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Agent.Tests.Fleet;
using VmCloud.Api.Agents;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Hosting;

/// <summary>The real agent process: one node on libvirt's test driver, a hollow fleet, /livez, /metrics (checked by promtool) and SIGTERM.</summary>
[SupportedOSPlatform("linux")]
public sealed class AgentProcessTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Agent_ConvergesANode_ServesLivezAndMetrics_AndStopsOnSigterm()
    {
        var token = directory.Combine("par1-c01.token");
        File.WriteAllText(token, "secret\n");
        File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var uri = TestDriverNode.Write(new TestNodeSpec("par1-c01", 1, 32, 2, 262144, 1280, "/var/lib/libvirt/images"), directory.Path);
        await using var fake = await FakeOperator.StartAsync(new Dictionary<string, string> { ["par1-c01"] = "secret" });
        var urls = $"http://127.0.0.1:{Protocol.OperatorClientTests.FreePort()}";
        using var agent = AgentProcess.Start("--operator", fake.Url.ToString(), "--node", "par1-c01", "--datacenter", "PAR-1", "--role", "compute",
            "--token-file", token, "--libvirt-uri", uri, "--state-dir", directory.Combine("state"), "--urls", urls);

        await Eventually.TrueAsync(() => fake.RegistrationsOf("par1-c01").Count == 1 || agent.HasExited, "the agent registers", TimeSpan.FromSeconds(30));
        Assert.False(agent.HasExited, agent.Output);
        var revision = fake.Publish(new DesiredDocument(1, "par1-c01", 0, [Server("web")], [], []));
        await Eventually.TrueAsync(() => fake.LastReportOf("par1-c01") is { AppliedRevision: var r, Servers: [{ Running: true }] } && r == revision, "web runs", TimeSpan.FromSeconds(30));

        Assert.Equal("ok", await http.GetStringAsync(new Uri(urls + "/livez")));
        var metrics = await http.GetStringAsync(new Uri(urls + "/metrics"));
        Assert.Contains("vmcloud_agent_domains{node=\"par1-c01\",state=\"running\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("vmcloud_agent_protocol_request_duration_seconds_bucket{request=\"register\",code=\"200\"", metrics, StringComparison.Ordinal);
        await AssertPromtoolAcceptsAsync(metrics);
        Assert.True(File.Exists(Path.Join(directory.Combine("state"), "seeds", DomainNames.SeedFile(Uid("web")))));

        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Agent_RunsAHollowFleet_FromManifests()
    {
        File.WriteAllText(directory.Combine("fleet.yaml"), FleetManifests.Node("par1-c01") + "---\n" + FleetManifests.Node("par1-c02") + "---\n" + FleetManifests.Node("par1-c03"));
        FleetTokens.Mint(directory.Combine("tokens"), ["par1-c01", "par1-c02", "par1-c03"]);
        var tokens = new[] { "par1-c01", "par1-c02", "par1-c03" }.ToDictionary(n => n, n => File.ReadAllText(FleetTokens.TokenPath(directory.Combine("tokens"), n)).Trim());
        await using var fake = await FakeOperator.StartAsync(tokens);
        var urls = $"http://127.0.0.1:{Protocol.OperatorClientTests.FreePort()}";
        using var agent = AgentProcess.Start("--fleet", directory.Combine("fleet.yaml"), "--operator", fake.Url.ToString(),
            "--token-dir", directory.Combine("tokens"), "--state-dir", directory.Combine("state"), "--urls", urls);

        await Eventually.TrueAsync(() => tokens.Keys.All(n => fake.LastReportOf(n) is not null) || agent.HasExited, "three nodes report", TimeSpan.FromSeconds(30));
        Assert.False(agent.HasExited, agent.Output);
        var metrics = await http.GetStringAsync(new Uri(urls + "/metrics"));
        Assert.Equal(3, metrics.Split('\n').Count(l => l.StartsWith("vmcloud_agent_operator_reachable{", StringComparison.Ordinal)));

        Assert.Equal(0, await agent.TerminateAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Agent_WithAnUnusableLibvirtUri_ExitsTwo()
    {
        var token = directory.Combine("t");
        File.WriteAllText(token, "secret");
        File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var agent = AgentProcess.Start("--operator", "http://127.0.0.1:1", "--node", "par1-c01", "--datacenter", "PAR-1", "--role", "compute",
            "--token-file", token, "--libvirt-uri", "test:///nonexistent/node.xml", "--state-dir", directory.Combine("state"));

        Assert.Equal(2, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("--libvirt-uri test:///nonexistent/node.xml", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsZero()
    {
        using var agent = AgentProcess.Start("--help");

        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("vmcloud-agent --fleet PATH", agent.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        http.Dispose();
        directory.Dispose();
    }

    private static async Task AssertPromtoolAcceptsAsync(string metrics)
    {
        var start = new ProcessStartInfo("promtool", ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(metrics);
        promtool.StandardInput.Close();
        var problems = await promtool.StandardError.ReadToEndAsync() + await promtool.StandardOutput.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        Assert.True(promtool.ExitCode == 0, $"promtool check metrics: {problems}");
    }
}
