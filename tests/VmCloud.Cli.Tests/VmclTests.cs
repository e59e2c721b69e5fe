using System.Text.Json;
using VmCloud.Tests;

namespace VmCloud.Cli.Tests;

/// <summary>vmcl's contract: exit codes, output formats, and errors that say where and what.</summary>
public sealed class VmclTests : IDisposable
{
    private readonly string tree = Directory.CreateTempSubdirectory("vmcl-tests-").FullName;

    public void Dispose() => Directory.Delete(tree, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("validate")]
    [InlineData("validate . -o yaml")]
    [InlineData("cost . -o csv")]
    public async Task Run_ExitsTwo_OnUsageErrors(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var (exit, _, stderr) = await CliRun.RunAsync(args);

        Assert.Equal(Vmcl.UsageError, exit);
        Assert.Contains("vmcl", stderr);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("cost")]
    public async Task Command_ExitsTwo_WhenTheTreeDoesNotExist(string command)
    {
        var missing = Path.Combine(tree, "nope");

        var (exit, _, stderr) = await CliRun.RunAsync(command, missing);

        Assert.Equal(Vmcl.UsageError, exit);
        Assert.Contains($"{missing}: no such file or directory", stderr);
    }

    [Fact]
    public async Task Validate_ExitsTwo_WhenThePoliciesAreBroken()
    {
        var policies = Directory.CreateDirectory(Path.Combine(tree, "policies")).FullName;
        File.WriteAllText(Path.Combine(policies, "catalog.yaml"), "offers: [");

        var (exit, _, stderr) = await CliRun.RunAsync("validate", RepoPaths.Combine("examples", "gitops"), "--policies", policies);

        Assert.Equal(Vmcl.UsageError, exit);
        Assert.Contains("catalog.yaml:", stderr);
    }

    [Fact]
    public async Task Validate_ReportsFileLineAndColumn_AndExitsOne()
    {
        var file = Write("tenants/acme/web.yaml", """
            apiVersion: vmcloud.io/v1alpha1
            kind: VirtualServer
            metadata:
              name: web-1
            spec:
              plan: VPS-MEGA
              image: debian-12
              datacenter: PAR-1
            """);

        var (exit, stdout, _) = await CliRun.RunAsync("validate", tree);

        Assert.Equal(Vmcl.Invalid, exit);
        Assert.Contains($"{file}:6:9: VirtualServer acme/web-1: spec.plan: \"VPS-MEGA\" is not allowed", stdout);
        Assert.Contains("invalid: ", stdout);
    }

    [Fact]
    public async Task Validate_Json_HasTheDocumentedShape()
    {
        var file = Write("tenants/acme/lb.yaml", """
            apiVersion: vmcloud.io/v1alpha1
            kind: LoadBalancer
            metadata: {name: front}
            spec:
              plan: LB-STARTER
              datacenter: PAR-1
              listeners: [{port: 443, protocol: HTTPS}]
              backends: {servers: [ghost], port: 8080}
            """);

        var (exit, stdout, _) = await CliRun.RunAsync("validate", tree, "-o", "json");

        Assert.Equal(Vmcl.Invalid, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var errors = json.RootElement.GetProperty("errors").EnumerateArray().ToList();
        var ghost = Assert.Single(errors, e => e.GetProperty("message").GetString()!.Contains("ghost"));
        Assert.Equal(file, ghost.GetProperty("file").GetString());
        Assert.Equal(8, ghost.GetProperty("line").GetInt32());
        Assert.Equal("LoadBalancer", ghost.GetProperty("kind").GetString());
        Assert.Equal("acme", ghost.GetProperty("namespace").GetString());
        Assert.Equal("front", ghost.GetProperty("name").GetString());
        // The tenant itself is not declared either: an error on the same object, at its namespace.
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.Contains("tenant acme is not declared"));
    }

    [Fact]
    public async Task Cost_ExitsOne_AndNamesTheErrors_WhenTheTreeIsInvalid()
    {
        var file = Write("tenants/acme/tenant.yaml", "apiVersion: vmcloud.io/v1alpha1\nkind: Tenant\nmetadata: {name: acme}\nspec: {displayName: Acme}\n");

        var (exit, stdout, stderr) = await CliRun.RunAsync("cost", tree, "-o", "json");

        Assert.Equal(Vmcl.Invalid, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"{file}:4:7: Tenant acme: spec.billingContact is required", stderr);
    }

    [Fact]
    public async Task Cost_Table_ShowsEveryTenantAndTheTotal()
    {
        var (exit, stdout, _) = await CliRun.RunAsync("cost", RepoPaths.Combine("examples", "gitops"));

        Assert.Equal(Vmcl.Ok, exit);
        Assert.Contains("kestrel-analytics", stdout);
        Assert.Contains("VPS-ENTERPRISE", stdout);
        Assert.Contains("50,277.51", stdout);
    }

    [Fact]
    public async Task Validate_AcceptsASingleFile()
    {
        var file = Write("tenant.yaml", "apiVersion: vmcloud.io/v1alpha1\nkind: Tenant\nmetadata: {name: acme}\nspec: {displayName: Acme, billingContact: billing@acme.example}\n");

        var (exit, stdout, _) = await CliRun.RunAsync("validate", file);

        Assert.Equal(Vmcl.Ok, exit);
        Assert.Contains("valid: 1 objects in 1 files", stdout);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(tree, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
