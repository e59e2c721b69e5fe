using System.Text.Json;
using VmCloud.Tests;

namespace VmCloud.Cli.Tests;

/// <summary>vmcl plan against the seed fleet: a change that fits, one that does not, and the formats.</summary>
public sealed class PlanTests : IDisposable
{
    private static readonly string GitOps = RepoPaths.Combine("examples", "gitops");
    private static readonly string Fleet = RepoPaths.Combine("examples", "fleet");
    private readonly string empty = Directory.CreateTempSubdirectory("vmcl-plan-empty-").FullName;
    private readonly string proposed = Directory.CreateTempSubdirectory("vmcl-plan-to-").FullName;

    public void Dispose()
    {
        Directory.Delete(empty, recursive: true);
        Directory.Delete(proposed, recursive: true);
    }

    [Fact]
    public async Task Plan_TheExamples_FitTheSeedFleet()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("plan", empty, GitOps, "--fleet", Fleet, "-o", "json");

        Assert.True(exit == Vmcl.Ok, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("fits").GetBoolean());
        Assert.Equal(52, root.GetProperty("changes").GetArrayLength());
        Assert.All(root.GetProperty("changes").EnumerateArray(), c => Assert.Equal("create", c.GetProperty("action").GetString()));
        Assert.Equal(50277.51m, root.GetProperty("tenants").EnumerateArray().Sum(t => t.GetProperty("monthlyEurosAfter").GetDecimal()));
        Assert.Empty(root.GetProperty("unschedulable").EnumerateArray());
        Assert.Empty(root.GetProperty("violations").EnumerateArray());
    }

    [Fact]
    public async Task Plan_ThirtyOneA100Instances_DoNotFit_AndExitOne()
    {
        WriteGpuTenant(instances: 31);

        var (exit, stdout, _) = await CliRun.RunAsync("plan", empty, proposed, "--fleet", Fleet, "-o", "json");

        Assert.Equal(Vmcl.Invalid, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.False(json.RootElement.GetProperty("fits").GetBoolean());
        var refused = Assert.Single(json.RootElement.GetProperty("unschedulable").EnumerateArray());
        Assert.Contains("no gpu node in PAR-1 has 1 free A100-40GB", refused.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Plan_Markdown_StartsWithTheVerdict()
    {
        WriteGpuTenant(instances: 31);

        var (_, stdout, _) = await CliRun.RunAsync("plan", empty, proposed, "--fleet", Fleet, "-o", "markdown");

        Assert.StartsWith("### VmCloud plan: ❌ 1 object(s) do not fit", stdout);
        Assert.Contains("| gpu-hungry | 0.00 | 71,889.00 | +71,889.00 |", stdout);
    }

    [Fact]
    public async Task Plan_ExitsTwo_WithoutAFleet()
    {
        var (exit, _, stderr) = await CliRun.RunAsync("plan", empty, GitOps, "--fleet", Path.Combine(empty, "nope"));

        Assert.Equal(Vmcl.UsageError, exit);
        Assert.Contains("no such file or directory", stderr);
    }

    private void WriteGpuTenant(int instances)
    {
        var folder = Directory.CreateDirectory(Path.Combine(proposed, "tenants", "gpu-hungry")).FullName;
        File.WriteAllText(Path.Combine(folder, "tenant.yaml"), """
            apiVersion: vmcloud.io/v1alpha1
            kind: Tenant
            metadata: {name: gpu-hungry}
            spec:
              displayName: GPU Hungry Labs
              billingContact: billing@gpu-hungry.example
              quotas: {gpuInstances: 40, vcpus: 2000, memoryGiB: 8000, gpus: {A100-40GB: 40}}
            """);
        File.WriteAllText(Path.Combine(folder, "gpus.yaml"), string.Concat(Enumerable.Range(1, instances).Select(i => $"""
            ---
            apiVersion: vmcloud.io/v1alpha1
            kind: GpuInstance
            metadata: {"{"}name: train-{i:00}{"}"}
            spec: {"{"}plan: GPU-ENTERPRISE, image: gpu-ubuntu-22.04-cuda-12, datacenter: PAR-1{"}"}

            """)));
    }
}
