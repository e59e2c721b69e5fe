using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;
using VmCloud.Engine.Planning;
using VmCloud.Tests;
using static VmCloud.Engine.Tests.TestObjects;

namespace VmCloud.Engine.Tests.Planning;

public class PlannerTests
{
    private static readonly Lazy<IReadOnlyList<HypervisorNode>> SeedFleet = new(() =>
        ManifestLoader.LoadTree(RepoPaths.Combine("examples", "fleet"), allowStatus: true).Manifests.Select(m => m.Object).OfType<HypervisorNode>().ToList());

    [Fact]
    public void ChangeSet_FindsCreatesUpdatesAndDeletes()
    {
        List<CustomResource> before = [Tenant("acme"), Vps("acme", "kept"), Vps("acme", "resized"), Vps("acme", "gone")];
        List<CustomResource> after = [Tenant("acme"), Vps("acme", "kept"), Vps("acme", "resized", "VPS-ELITE"), Vps("acme", "new")];

        var changes = ChangeSet.Between(before, after).Select(c => $"{c.Action} {c.Name}");

        Assert.Equal(["create new", "delete gone", "update resized"], changes.Order());
    }

    [Fact]
    public void ChangeSet_IgnoresStatus_AndTheOrderOfLabels()
    {
        var a = Vps("acme", "web") with { Metadata = new ObjectMeta { Name = "web", Namespace = "acme", Labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } } };
        var b = a with
        {
            Metadata = a.Metadata with { Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, ResourceVersion = "42" },
            Status = new ServerStatus { NodeName = "par1-c01" },
        };

        Assert.Empty(ChangeSet.Between([a], [b]));
    }

    [Fact]
    public void Make_GivesEachTenantsCostBeforeAndAfter()
    {
        List<CustomResource> before = [Tenant("acme"), Vps("acme", "web")];
        List<CustomResource> after = [Tenant("acme"), Vps("acme", "web"), Vps("acme", "db", "VPS-PERFORMANCE")];

        var plan = Planner.Make(before, after, [], SeedFleet.Value, Policies);

        var acme = Assert.Single(plan.Tenants);
        Assert.Equal((29m, 128m, 99m), (acme.MonthlyEurosBefore, acme.MonthlyEurosAfter, acme.Delta));
        Assert.True(plan.Acceptable);
    }

    [Fact]
    public void Make_DoesNotFit_ThirtyOneA100Instances_OnThirtyA100s()
    {
        var quotas = new TenantQuotas { GpuInstances = 40, Vcpus = 2000, MemoryGiB = 8000, Gpus = new Dictionary<string, int> { ["A100-40GB"] = 40 } };
        List<CustomResource> after = [Tenant("lab", quotas: quotas), .. Many(31, i => Gpu("lab", $"train-{i:00}", "GPU-ENTERPRISE"))];

        var plan = Planner.Make([], after, [], SeedFleet.Value, Policies);

        Assert.False(plan.Fits);
        var refused = Assert.Single(plan.Unschedulable);
        Assert.Equal("train-31", refused.Name);
        Assert.Contains("no gpu node in PAR-1 has 1 free A100-40GB", refused.Reason);
    }

    [Fact]
    public void Make_ReportsQuotaViolations_AndDoesNotPlaceTheRefused()
    {
        List<CustomResource> after = [Tenant("lab"), Gpu("lab", "train", "GPU-SUPERCOMPUTE")];

        var plan = Planner.Make([], after, [], SeedFleet.Value, Policies);

        var violation = Assert.Single(plan.Violations);
        Assert.Contains("8 A100-80GB GPUs (quota 1)", violation.Message);
        Assert.True(plan.Fits);
        Assert.False(plan.Acceptable);
    }

    [Fact]
    public void Make_KeepsBoundServersOnTheirNode()
    {
        var quotas = new TenantQuotas { GpuInstances = 40, Vcpus = 2000, MemoryGiB = 8000, Gpus = new Dictionary<string, int> { ["A100-80GB"] = 16 } };
        var node = SeedFleet.Value.First(n => n.Status!.Gpus.Count(g => g.Model == "A100-80GB") == 8);
        var bound = Gpu("lab", "big", "GPU-SUPERCOMPUTE") with
        {
            Status = new ServerStatus { NodeName = node.Metadata.Name, Gpus = [.. node.Status!.Gpus.Select(g => g.PciAddress)] },
        };

        var plan = Planner.Make([], [Tenant("lab", quotas: quotas), bound, Gpu("lab", "another", "GPU-SUPERCOMPUTE")], [], SeedFleet.Value, Policies);

        var refused = Assert.Single(plan.Unschedulable);
        Assert.Equal("another", refused.Name);
    }
}
