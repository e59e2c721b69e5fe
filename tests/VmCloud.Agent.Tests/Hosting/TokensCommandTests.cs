using System.Runtime.Versioning;
using VmCloud.Agent.Fleet;
using VmCloud.Agent.Hosting;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.Agents;
using VmCloud.Tests;

namespace VmCloud.Agent.Tests.Hosting;

[SupportedOSPlatform("linux")]
public sealed class TokensCommandTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Tokens_ForTheExampleFleet_WritesPrivateTokensAndTheirHashes()
    {
        var (code, output, _) = await RunAsync("tokens", "--fleet", RepoPaths.Combine("examples", "fleet"), "--out", directory.Path);

        Assert.Equal(0, code);
        var (nodes, _) = FleetNode.Load(RepoPaths.Combine("examples", "fleet"));
        var lines = File.ReadAllLines(directory.Combine(FleetTokens.HashesFileName)).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(nodes.Count, lines.Count);
        Assert.Contains($"{nodes.Count} token(s) minted", output, StringComparison.Ordinal);
        foreach (var line in lines)
        {
            var (node, hash) = (line.Split(' ')[0], line.Split(' ')[1]);
            var path = FleetTokens.TokenPath(directory.Path, node);
            Assert.True(AgentTokens.Matches(File.ReadAllText(path).Trim(), hash));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task Tokens_AgainWithMoreNodes_KeepsTheExistingTokens()
    {
        await RunAsync("tokens", "par1-c01", "--out", directory.Path);
        var first = File.ReadAllText(FleetTokens.TokenPath(directory.Path, "par1-c01"));

        var (code, output, _) = await RunAsync("tokens", "par1-c01", "par1-c02", "--out", directory.Path);

        Assert.Equal(0, code);
        Assert.Equal(first, File.ReadAllText(FleetTokens.TokenPath(directory.Path, "par1-c01")));
        Assert.Contains("1 token(s) minted, 1 kept", output, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(directory.Combine(FleetTokens.HashesFileName)).Count(l => !l.StartsWith('#')));
    }

    [Theory]
    [InlineData(new[] { "tokens", "--out" }, "--out needs a value")]
    [InlineData(new[] { "tokens", "--out", "/tmp/x" }, "name the nodes: --fleet PATH or node names")]
    [InlineData(new[] { "tokens", "Bad_Name", "--out", "/tmp/x" }, "node Bad_Name: expected a name")]
    [InlineData(new[] { "tokens", "--fleet", "/nonexistent", "--out", "/tmp/x" }, "--fleet: /nonexistent: no such file or folder")]
    public async Task Tokens_RefusesABadLine(string[] args, string expected)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsZero_AndShowsEveryMode()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("--fleet PATH --operator URL --token-dir DIR --state-dir DIR", output, StringComparison.Ordinal);
        Assert.Contains("vmcloud-agent tokens (--fleet PATH | NODE...) --out DIR", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoArguments_ExitTwo_WithWhatIsMissing()
    {
        var (code, _, error) = await RunAsync("--state-dir", directory.Path);

        Assert.Equal(2, code);
        Assert.Contains("--operator is required", error, StringComparison.Ordinal);
        Assert.Contains("run `vmcloud-agent --help`", error, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AgentProgram.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
