using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Cli.Output;
using VmCloud.Core.Catalog;
using VmCloud.Tests;

namespace VmCloud.Cli.Tests;

/// <summary>What <c>vmcl status</c> computes: convergence over the kinds with a driver, capacity and revenue.</summary>
public sealed class FleetStatusTests
{
    private static readonly ProductCatalog Catalog = PolicyLoader.Load(RepoPaths.Combine("policies")).Policies!.Catalog;

    [Fact]
    public void Converged_WaitsForEveryDrivenKind_AndNotForLoadBalancersOrCdn()
    {
        var status = FleetStatus.From([Server("web", ready: true), Lb("front")], [Node()], [Tenant(29.0)], Catalog);

        Assert.True(status.Converged);
        Assert.Contains(status.Kinds, k => k is { Kind: nameof(LoadBalancer), Driven: false, Ready: 0 });
        Assert.Empty(status.Waiting);
    }

    [Fact]
    public void NotConverged_WhileAServerIsNotReady_AndSaysWhy()
    {
        var status = FleetStatus.From([Server("web", ready: true), Server("db", ready: false)], [Node()], [Tenant(58.0)], Catalog);

        Assert.False(status.Converged);
        var waiting = Assert.Single(status.Waiting);
        Assert.Equal(("db", "AwaitingAgent"), (waiting.Name, waiting.Reason));
    }

    [Fact]
    public void Capacity_CountsThePlansBoundToEachDatacentersNodes_AndRevenueSumsTheTenants()
    {
        var status = FleetStatus.From([Server("web", ready: true), Server("db", ready: true)], [Node()], [Tenant(29.0), Tenant(10.5, "other")], Catalog);

        var par = Assert.Single(status.Datacenters);
        Assert.Equal(("PAR-1", 1, 2, 64, 4, 256), (par.Datacenter, par.Nodes, par.VcpusAllocated, par.Vcpus, par.MemoryGiBAllocated, par.MemoryGiB));
        Assert.Equal(39.5, status.MonthlyEuros);
    }

    private static VirtualServer Server(string name, bool ready) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "acme" },
        Spec = new VirtualServerSpec { Plan = "VPS-NANO", Image = "debian-12", Datacenter = "PAR-1" },
        Status = new ServerStatus
        {
            NodeName = "par1-c01",
            Phase = ready ? "Running" : "Provisioning",
            Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ready ? ConditionStatus.True : ConditionStatus.False, Reason = ready ? "Running" : "AwaitingAgent" }],
        },
    };

    private static LoadBalancer Lb(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "acme" },
        Spec = new LoadBalancerSpec { Plan = "LB-STARTER", Datacenter = "PAR-1" },
        Status = new LoadBalancerStatus { Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.False, Reason = "NoDriver" }] },
    };

    private static HypervisorNode Node() => new()
    {
        Metadata = new ObjectMeta { Name = "par1-c01" },
        Spec = new HypervisorNodeSpec { Datacenter = "PAR-1", Role = NodeRole.Compute },
        Status = new HypervisorNodeStatus { Capacity = new NodeCapacity { Vcpus = 64, MemoryGiB = 256, StorageGiB = 1280 } },
    };

    private static Tenant Tenant(double euros, string name = "acme") => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new TenantSpec { DisplayName = name, BillingContact = "b@example.com" },
        Status = new TenantStatus { MonthlyEuros = euros },
    };
}
