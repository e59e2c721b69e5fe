using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;
using VmCloud.Operator.Metrics;

namespace VmCloud.Operator.Tests.Metrics;

/// <summary>The counts by kind and phase follow the store's watch; they never rescan it.</summary>
public sealed class ResourceCensusTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly MemoryStore store = new();
    private readonly CancellationTokenSource stop = new();

    [Fact]
    public async Task Counts_FollowCreatesStatusesAndDeletes_AfterTheFirstList()
    {
        await store.CreateAsync(Tenant("acme"));
        var census = new ResourceCensus(store);
        var running = census.RunAsync(stop.Token);
        await census.Synced.WaitAsync(Deadline);
        var listed = census.Counts();

        var created = await store.CreateAsync(Tenant("globex"));
        await store.UpdateStatusAsync(((Tenant)created) with { Status = new TenantStatus { Phase = "Active" } });
        await store.DeleteAsync(new ResourceKey(nameof(Tenant), null, "acme"));
        await WaitForAsync(census, c => c.Contains((nameof(Tenant), "Active", 1)) && c.Contains((nameof(Tenant), ResourceCensus.NoPhase, 0)));

        Assert.Equal([(nameof(Tenant), ResourceCensus.NoPhase, 1)], listed);
        await stop.CancelAsync();
        await running.WaitAsync(Deadline);
    }

    [Fact]
    public async Task Nodes_AreTheLatestVersions()
    {
        var census = new ResourceCensus(store);
        var running = census.RunAsync(stop.Token);
        await census.Synced.WaitAsync(Deadline);

        var node = await store.CreateAsync(new HypervisorNode { Metadata = new ObjectMeta { Name = "par1-c01" }, Spec = new HypervisorNodeSpec { Datacenter = "PAR-1" } });
        await store.UpdateStatusAsync(((HypervisorNode)node) with { Status = new HypervisorNodeStatus { Phase = "Ready", LastHeartbeatTime = DateTimeOffset.UnixEpoch } });
        var deadline = DateTime.UtcNow + Deadline;
        while (census.Nodes() is not [{ Status.Phase: "Ready" }] && DateTime.UtcNow < deadline) await Task.Delay(10);

        Assert.Equal(DateTimeOffset.UnixEpoch, Assert.Single(census.Nodes()).Status!.LastHeartbeatTime);
        Assert.Contains((nameof(HypervisorNode), "Ready", 1), census.Counts());
        await stop.CancelAsync();
        await running.WaitAsync(Deadline);
    }

    public void Dispose()
    {
        stop.Dispose();
        store.Dispose();
    }

    private static Tenant Tenant(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new TenantSpec { DisplayName = name, BillingContact = "billing@example.com" },
    };

    private static async Task WaitForAsync(ResourceCensus census, Func<IReadOnlyList<(string Kind, string Phase, int Count)>, bool> until)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!until(census.Counts()))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"counts not reached within {Deadline}: {string.Join(", ", census.Counts())}");
            await Task.Delay(10);
        }
    }
}
