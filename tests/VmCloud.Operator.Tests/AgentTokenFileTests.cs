using VmCloud.Api.Agents;
using VmCloud.Operator.Agents;

namespace VmCloud.Operator.Tests;

/// <summary>The operator's agent token file: hashes only, one line per node, errors by line.</summary>
public sealed class AgentTokenFileTests : IDisposable
{
    private readonly string path = Path.GetTempFileName();

    public void Dispose() => File.Delete(path);

    [Fact]
    public void Load_FindsTheNodeOfAToken_AndNoNodeForAnyOtherToken()
    {
        var token = AgentTokens.Mint();
        File.WriteAllText(path, $"# fleet\n\npar1-c01 {AgentTokens.Hash(token)}\n");

        var (file, errors) = AgentTokenFile.Load(path);

        Assert.Empty(errors);
        Assert.Equal("par1-c01", file!.NodeOf(token));
        Assert.Null(file.NodeOf(AgentTokens.Mint()));
        Assert.Null(file.NodeOf(AgentTokens.Hash(token)));
    }

    [Fact]
    public void Load_RefusesAPlainToken_ABadLine_AndASecondLineForANode_NamingEachLine()
    {
        var token = AgentTokens.Mint();
        File.WriteAllText(path, $"par1-c01 {AgentTokens.Hash(token)}\npar1-c02 {token}\njust-a-name\npar1-c01 {AgentTokens.Hash(AgentTokens.Mint())}\n");

        var (file, errors) = AgentTokenFile.Load(path);

        Assert.Null(file);
        Assert.Equal([$"{path}:2:", $"{path}:3:", $"{path}:4:"], errors.Select(e => e[..(e.IndexOf(": ", StringComparison.Ordinal) + 1)]));
        Assert.Contains("vmcloud-agent tokens", errors[0]);
        Assert.Contains("has a token already", errors[2]);
    }
}
