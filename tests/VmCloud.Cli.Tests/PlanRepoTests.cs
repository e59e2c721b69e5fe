using System.Text.Json;
using VmCloud.Tests;

namespace VmCloud.Cli.Tests;

/// <summary>vmcl plan --repo between two commits of a real Git repository, as a pull request gets it.</summary>
public sealed class PlanRepoTests : IDisposable
{
    private static readonly string Fleet = RepoPaths.Combine("examples", "fleet");
    private readonly GitWorkTree repo = new("file:///nonexistent/remote.git");

    public void Dispose() => repo.Dispose();

    [Fact]
    public async Task PlanRepo_BetweenTwoCommits_ListsTheChangesAndCostDelta_WithoutTouchingTheCheckout()
    {
        repo.Write("tenants/acme/tenant.yaml", Tenant);
        repo.Write("tenants/acme/web-1.yaml", Server("web-1", "VPS-NANO"));
        var @base = repo.Commit("base");
        repo.Write("tenants/acme/web-2.yaml", Server("web-2", "VPS-ELITE"));
        repo.Delete("tenants/acme/web-1.yaml");
        var head = repo.Commit("head");
        repo.Write("tenants/acme/uncommitted.yaml", Server("uncommitted", "VPS-NANOO"));

        var (exit, stdout, stderr) = await CliRun.RunAsync("plan", "--repo", repo.Root, "--base", @base, "--head", head, "--fleet", Fleet, "-o", "json");

        Assert.True(exit == Vmcl.Ok, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        var changes = json.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("action").GetString()} {c.GetProperty("name").GetString()}").ToList();
        Assert.Equal(["create web-2", "delete web-1"], changes.Order(StringComparer.Ordinal));
        var acme = json.RootElement.GetProperty("tenants").EnumerateArray().Single();
        Assert.True(acme.GetProperty("monthlyEurosAfter").GetDecimal() > acme.GetProperty("monthlyEurosBefore").GetDecimal());
    }

    [Fact]
    public async Task PlanRepo_AnInvalidHead_ExitsOne_WithTheFileAndLine()
    {
        repo.Write("tenants/acme/tenant.yaml", Tenant);
        repo.Commit("base");
        repo.Write("tenants/acme/web-3.yaml", Server("web-3", "VPS-NANOO"));
        repo.Commit("typo");

        var (exit, stdout, _) = await CliRun.RunAsync("plan", "--repo", repo.Root, "--base", "HEAD~1", "--head", "HEAD", "--fleet", Fleet, "-o", "markdown");

        Assert.Equal(Vmcl.Invalid, exit);
        Assert.Contains("tenants/acme/web-3.yaml:6", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanRepo_AnUnknownRevision_ExitsTwo_SayingWhich()
    {
        repo.Write("tenants/acme/tenant.yaml", Tenant);
        repo.Commit("base");

        var (exit, _, stderr) = await CliRun.RunAsync("plan", "--repo", repo.Root, "--base", "HEAD", "--head", "no-such-branch", "--fleet", Fleet);

        Assert.Equal(Vmcl.UsageError, exit);
        Assert.Contains("no-such-branch", stderr, StringComparison.Ordinal);
    }

    private const string Tenant = """
        apiVersion: vmcloud.io/v1alpha1
        kind: Tenant
        metadata: {name: acme}
        spec: {displayName: Acme, billingContact: billing@acme.example}
        """;

    private static string Server(string name, string plan) => $"""
        apiVersion: vmcloud.io/v1alpha1
        kind: VirtualServer
        metadata:
          name: {name}
        spec:
          plan: {plan}
          image: debian-12
          datacenter: PAR-1
        """;
}
