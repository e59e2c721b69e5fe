using System.Runtime.Versioning;
using VmCloud.Agent.Fleet;
using VmCloud.Agent.Hosting;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Agent.Tests.Fleet;

namespace VmCloud.Agent.Tests.Hosting;

[SupportedOSPlatform("linux")]
public sealed class FleetHostOptionsTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public void Parse_ReadsTheNodesAndTheirTokens()
    {
        FleetManifests.WriteComputeNodes(directory.Path, 3);
        FleetTokens.Mint(directory.Combine("tokens"), [.. Enumerable.Range(0, 3).Select(FleetManifests.NameOf)]);

        var (options, errors) = Parse("--fleet", directory.Path, "--token-dir", directory.Combine("tokens"));

        Assert.Empty(errors);
        Assert.Equal(3, options!.Nodes.Count);
        Assert.Equal(3, options.Tokens.Count);
    }

    [Fact]
    public void Parse_SummarisesMissingTokens_InsteadOfAThousandLines()
    {
        FleetManifests.WriteComputeNodes(directory.Path, 12);
        Directory.CreateDirectory(directory.Combine("tokens"));

        var (options, errors) = Parse("--fleet", directory.Path, "--token-dir", directory.Combine("tokens"));

        Assert.Null(options);
        Assert.Equal(6, errors.Count);
        Assert.Equal("--token-dir: 7 more node(s) without a usable token", errors[^1]);
    }

    [Fact]
    public void Parse_GivesTheManifestErrorsWithTheirLines()
    {
        File.WriteAllText(directory.Combine("bad.yaml"), "apiVersion: vmcloud.io/v1alpha1\nkind: HypervisorNode\nmetadata: {name: n1}\nspec: {datacenter: PAR-1, role: Storage}\n");

        var (_, errors) = Parse("--fleet", directory.Path, "--token-dir", directory.Path);

        Assert.Contains(errors, e => e.StartsWith($"--fleet: {directory.Combine("bad.yaml")}:4:", StringComparison.Ordinal));
    }

    public void Dispose() => directory.Dispose();

    private (FleetHostOptions? Options, List<string> Errors) Parse(params string[] args)
    {
        var parsed = CommandArguments.Read([.. args, "--operator", "http://127.0.0.1:8080", "--state-dir", directory.Combine("state")], FleetHostOptions.Flags);
        var errors = new List<string>(parsed.Errors);
        return (FleetHostOptions.Parse(parsed, errors, []), errors);
    }
}
