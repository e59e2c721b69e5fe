using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Nodes;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;
using VmCloud.Engine.Tests.Runtime;
using static VmCloud.Engine.Tests.TestObjects;

namespace VmCloud.Engine.Tests.Reconcilers;

/// <summary>The controllers together over the memory store: admission, binding, node health, fencing.</summary>
public sealed class ControlPlaneTests : IAsyncDisposable
{
    private readonly RunningControlPlane system = new();

    private readonly ManualTimeProvider time;
    private readonly MemoryStore store;
    private readonly ControlPlane plane;

    public ControlPlaneTests()
    {
        time = system.Time;
        store = system.Store;
        plane = system.Plane;
    }

    public ValueTask DisposeAsync() => system.DisposeAsync();

    [Fact]
    public async Task Server_IsBoundToANode_BeforeAnyAgentActs_AndSaysWhatItWaitsFor()
    {
        await RegisterAsync("par1-c01", NodeRole.Compute);
        await store.CreateAsync(Tenant("acme"));
        await store.CreateAsync(Vps("acme", "web-1"));

        var server = await StatusOfAsync<VirtualServer>("acme", "web-1", o => o.Status?.NodeName is not null);

        Assert.Equal("par1-c01", server.Status!.NodeName);
        Assert.True(Conditions.IsTrue(server.Status.Conditions, ConditionTypes.Scheduled));
        var ready = Conditions.Find(server.Status.Conditions, ConditionTypes.Ready)!;
        Assert.Equal((ConditionStatus.False, "AwaitingAgent"), (ready.Status, ready.Reason));
        Assert.Equal(server.Metadata.Generation, server.Status.ObservedGeneration);
        var events = await plane.Events.ListForAsync(server);
        Assert.Contains(events, e => e.Reason == "Scheduled" && e.Message == "bound to node par1-c01");
    }

    [Fact]
    public async Task GpuInstance_GetsFreeGpus_AndTheNextOneSaysWhatIsShort()
    {
        await RegisterAsync("par1-g01", NodeRole.Gpu, gpus: 2);
        var quotas = new TenantQuotas { GpuInstances = 5, Vcpus = 500, MemoryGiB = 2000, Gpus = new Dictionary<string, int> { ["A100-40GB"] = 8 } };
        await store.CreateAsync(Tenant("lab", quotas: quotas));
        await store.CreateAsync(Gpu("lab", "pair", "GPU-QUANTUM"));
        var first = await StatusOfAsync<GpuInstance>("lab", "pair", o => o.Status?.NodeName is not null);

        await store.CreateAsync(Gpu("lab", "one-more", "GPU-ENTERPRISE"));
        var second = await StatusOfAsync<GpuInstance>("lab", "one-more", o => Conditions.IsFalse(o.Status?.Conditions, ConditionTypes.Scheduled));

        Assert.Equal(["0000:41:00.0", "0000:42:00.0"], first.Status!.Gpus);
        Assert.Contains("A100-40GB", Conditions.Find(second.Status!.Conditions, ConditionTypes.Scheduled)!.Message);
        Assert.Equal("Pending", second.Status.Phase);
    }

    [Fact]
    public async Task ObjectOverQuota_IsRejected_AndNotPlaced()
    {
        await RegisterAsync("par1-c01", NodeRole.Compute);
        await store.CreateAsync(Tenant("acme", quotas: new TenantQuotas { VirtualServers = 1 }));
        await store.CreateAsync(Vps("acme", "web-1"));
        await StatusOfAsync<VirtualServer>("acme", "web-1", o => o.Status?.NodeName is not null);

        await store.CreateAsync(Vps("acme", "web-2"));
        var rejected = await StatusOfAsync<VirtualServer>("acme", "web-2", o => o.Status?.Phase == "Rejected");

        Assert.Null(rejected.Status!.NodeName);
        var admitted = Conditions.Find(rejected.Status.Conditions, ConditionTypes.Admitted)!;
        Assert.Equal("QuotaExceeded", admitted.Reason);
        Assert.Equal("QuotaExceeded", Conditions.Find(rejected.Status.Conditions, ConditionTypes.Ready)!.Reason);
    }

    [Fact]
    public async Task ServerOfALostNode_StaysBound_UntilTheNodeIsFenced()
    {
        await RegisterAsync("par1-c01", NodeRole.Compute);
        await store.CreateAsync(Tenant("acme"));
        await store.CreateAsync(Vps("acme", "web-1"));
        await StatusOfAsync<VirtualServer>("acme", "web-1", o => o.Status?.NodeName == "par1-c01");
        await RegisterAsync("par1-c02", NodeRole.Compute);

        time.Advance(TimeSpan.FromMinutes(2));
        await RegisterAsync("par1-c02", NodeRole.Compute);
        await StatusOfAsync<HypervisorNode>(null, "par1-c01", o => o.Status?.Phase == "NotReady");
        var lost = await StatusOfAsync<VirtualServer>("acme", "web-1", o => Conditions.Find(o.Status?.Conditions, ConditionTypes.Ready)?.Reason == "NodeLost");
        Assert.Equal("par1-c01", lost.Status!.NodeName);

        var node = (HypervisorNode)(await store.GetAsync(new ResourceKey(nameof(HypervisorNode), null, "par1-c01")))!;
        await store.UpdateAsync(node with { Spec = node.Spec with { Fenced = true } });

        await StatusOfAsync<VirtualServer>("acme", "web-1", o => o.Status?.NodeName == "par1-c02");
    }

    [Fact]
    public async Task Tenant_ShowsTheMonthlyCostOfWhatItWasAdmitted()
    {
        await RegisterAsync("par1-c01", NodeRole.Compute);
        await store.CreateAsync(Tenant("acme"));
        await store.CreateAsync(Vps("acme", "web-1", "VPS-PERFORMANCE"));
        await store.CreateAsync(Vps("acme", "web-2", "VPS-NANO"));

        var tenant = await StatusOfAsync<Tenant>(null, "acme", o => o.Status?.MonthlyEuros == 128);

        Assert.Equal("Active", tenant.Status!.Phase);
    }

    private Task<HypervisorNode> RegisterAsync(string name, NodeRole role, int gpus = 0) => plane.Nodes.RegisterAsync(new NodeHeartbeat(
        name, "PAR-1", role,
        role == NodeRole.Gpu ? new NodeCapacity { Vcpus = 128, MemoryGiB = 1024, StorageGiB = 40000 } : new NodeCapacity { Vcpus = 64, MemoryGiB = 256, StorageGiB = 4000 },
        [.. Enumerable.Range(0, gpus).Select(i => new GpuDevice { Model = "A100-40GB", PciAddress = $"0000:{0x41 + i:x2}:00.0" })],
        "test"), CancellationToken.None);

    private async Task<T> StatusOfAsync<T>(string? ns, string name, Func<T, bool> until) where T : CustomResource
    {
        var key = new ResourceKey(typeof(T).Name, ns, name);
        return (T)(await Eventually.MatchesAsync(() => store.GetAsync(key).AsTask(), o => o is T typed && until(typed)))!;
    }
}
