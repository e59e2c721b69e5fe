using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Nodes;
using VmCloud.Engine.Reconcilers;
using VmCloud.Engine.Tests.Reconcilers;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;
using VmCloud.Engine.Tests.Runtime;
using static VmCloud.Engine.Tests.TestObjects;

namespace VmCloud.Engine.Tests.Agents;

/// <summary>
/// The agent hub inside the control plane over the memory store, with the test playing the agent:
/// desired documents, long-polls, reports turned into Ready, deletion behind the finalizer, orphans.
/// </summary>
public sealed class AgentHubTests : IAsyncDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);
    private readonly RunningControlPlane system = new();
    private long sequence;

    private readonly MemoryStore store;
    private readonly ControlPlane plane;

    public AgentHubTests()
    {
        store = system.Store;
        plane = system.Plane;
    }

    public ValueTask DisposeAsync() => system.DisposeAsync();

    [Fact]
    public async Task BoundServer_IsInItsNodesDocument_WithThePlansSize_AndTheFinalizer()
    {
        var server = await BoundAsync("web-1", "VPS-PERFORMANCE");

        var (document, _) = await DocumentAsync("par1-c01", server.Metadata.Uid!);

        var entry = Assert.Single(document.Servers);
        Assert.Equal((server.Metadata.Uid, "VirtualServer", "acme", "web-1", 1L), (entry.Owner.Uid, entry.Owner.Kind, entry.Owner.Namespace, entry.Owner.Name, entry.Owner.Generation));
        Assert.Equal((4, 8 * 1024, 160, PowerState.Running, "web-1"), (entry.Vcpus, entry.MemoryMiB, entry.DiskGiB, entry.PowerState, entry.Hostname));
        Assert.Contains(WorkloadReconciler.AgentFinalizer, server.Metadata.Finalizers!);
    }

    [Fact]
    public async Task LongPoll_ReturnsNothing_WhileTheDocumentIsUnchanged_AndAtOnce_WhenItChanges()
    {
        var server = await BoundAsync("web-1");
        var (_, etag) = await DocumentAsync("par1-c01", server.Metadata.Uid!);

        Assert.Null(await plane.Agents.WaitForChangeAsync("par1-c01", etag, Short, CancellationToken.None));

        var waiting = plane.Agents.WaitForChangeAsync("par1-c01", etag, TimeSpan.FromSeconds(30), CancellationToken.None);
        await store.UpdateAsync(server with { Spec = server.Spec with { PowerState = PowerState.Stopped } });
        var changed = await waiting;

        Assert.NotNull(changed);
        Assert.NotEqual(etag, changed.Value.ETag);
        Assert.Equal(PowerState.Stopped, Assert.Single(changed.Value.Document.Servers).PowerState);
    }

    [Fact]
    public async Task Server_IsReady_OnlyWhenTheAgentReportsItsCurrentGeneration()
    {
        var server = await BoundAsync("web-1");
        var (document, _) = await DocumentAsync("par1-c01", server.Metadata.Uid!);

        Report("par1-c01", document.Revision, Running(server.Metadata.Uid!, generation: 0));
        var updating = await StatusOfAsync<VirtualServer>("web-1", s => Reason(s) == "Updating");
        Report("par1-c01", document.Revision, Running(server.Metadata.Uid!, generation: 1) with { Addresses = ["10.0.0.7"] });
        var ready = await StatusOfAsync<VirtualServer>("web-1", s => Conditions.IsTrue(s.Status?.Conditions, ConditionTypes.Ready));

        Assert.Equal("Provisioning", updating.Status!.Phase);
        Assert.Equal("Running", ready.Status!.Phase);
        Assert.Equal(["10.0.0.7"], ready.Status.Addresses);
    }

    [Fact]
    public async Task StoppedServer_IsReady_WhenShutOff_AndAnAgentErrorIsShown()
    {
        var server = await BoundAsync("web-1");
        var uid = server.Metadata.Uid!;
        await store.UpdateAsync(server with { Spec = server.Spec with { PowerState = PowerState.Stopped } });
        var (document, _) = await DocumentAsync("par1-c01", uid, d => d.Servers.Any(s => s.PowerState == PowerState.Stopped));

        Report("par1-c01", document.Revision, Running(uid, 2) with { Error = "libvirt refused to start domain vmc-x: no memory" });
        var failing = await StatusOfAsync<VirtualServer>("web-1", s => Reason(s) == "AgentError");
        Report("par1-c01", document.Revision, Running(uid, 2) with { Running = false });
        var stopped = await StatusOfAsync<VirtualServer>("web-1", s => Conditions.IsTrue(s.Status?.Conditions, ConditionTypes.Ready));

        Assert.Contains("no memory", Conditions.Find(failing.Status!.Conditions, ConditionTypes.Ready)!.Message);
        Assert.Equal(("Stopped", "Stopped"), (stopped.Status!.Phase, Reason(stopped)));
    }

    [Fact]
    public async Task Deletion_WaitsForTheAgent_ToConfirmNothingRemains()
    {
        var server = await BoundAsync("web-1");
        var uid = server.Metadata.Uid!;
        var (first, _) = await DocumentAsync("par1-c01", uid);
        Report("par1-c01", first.Revision, Running(uid, 1));

        await store.DeleteAsync(ResourceKey.Of(server));
        var (removal, _) = await DocumentAsync("par1-c01", uid, d => d.Remove.Contains(uid));
        Report("par1-c01", removal.Revision - 1, Running(uid, 1));
        var confirmedEarly = plane.Agents.ConfirmedRemoved("par1-c01", uid);
        Report("par1-c01", removal.Revision);

        Assert.False(confirmedEarly);
        Assert.True(plane.Agents.ConfirmedRemoved("par1-c01", uid));
        Assert.Empty(removal.Servers);
        await Eventually.MatchesAsync(() => store.GetAsync(ResourceKey.Of(server)).AsTask(), o => o is null);
    }

    [Fact]
    public async Task Orphan_WithoutAnOwner_IsAskedForRemoval_AndOneWithAnOwnerIsNot()
    {
        var server = await BoundAsync("web-1");
        var (document, etag) = await DocumentAsync("par1-c01", server.Metadata.Uid!);

        var node = (HypervisorNode)(await store.GetAsync(new ResourceKey(nameof(HypervisorNode), null, "par1-c01")))!;
        Orphan[] orphans = [new(server.Metadata.Uid!, "VirtualServer", "vmc-owned"), new("4b1c0c37-dead-4e5e-9a1a-000000000001", "VirtualServer", "vmc-gone")];
        Assert.True(await plane.ReportAsync(node, Build(Interlocked.Increment(ref sequence), document.Revision, [], orphans), CancellationToken.None));
        var changed = await plane.Agents.WaitForChangeAsync("par1-c01", etag, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(["4b1c0c37-dead-4e5e-9a1a-000000000001"], changed!.Value.Document.Remove);
        var reported = (HypervisorNode)(await store.GetAsync(ResourceKey.Of(node)))!;
        Assert.Equal(["vmc-owned", "vmc-gone"], reported.Status!.Orphans.Select(o => o.Name));
    }

    [Fact]
    public async Task StaleReport_OfTheSameSession_ChangesNothing()
    {
        var server = await BoundAsync("web-1");
        var uid = server.Metadata.Uid!;
        var (document, _) = await DocumentAsync("par1-c01", uid);

        var newer = Report("par1-c01", document.Revision, Running(uid, 1));
        var replayed = plane.Agents.Report("par1-c01", Build(newer - 1, document.Revision, [Running(uid, 0)], []));

        Assert.False(replayed);
        Assert.Equal(1, plane.Agents.Observe("par1-c01", uid)!.Server!.Generation);
    }

    private async Task<VirtualServer> BoundAsync(string name, string plan = "VPS-NANO")
    {
        if (await store.GetAsync(new ResourceKey(nameof(HypervisorNode), null, "par1-c01")) is null)
        {
            await plane.Nodes.RegisterAsync(new NodeHeartbeat("par1-c01", "PAR-1", NodeRole.Compute,
                new NodeCapacity { Vcpus = 64, MemoryGiB = 256, StorageGiB = 4000 }, [], "test"), CancellationToken.None);
            await store.CreateAsync(Tenant("acme"));
        }
        await store.CreateAsync(Vps("acme", name, plan));
        return await StatusOfAsync<VirtualServer>(name, s => s.Status?.NodeName is not null);
    }

    private async Task<(DesiredDocument Document, string ETag)> DocumentAsync(string node, string uid, Func<DesiredDocument, bool>? until = null)
    {
        until ??= d => d.Servers.Any(s => s.Owner.Uid == uid);
        string? etag = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = await plane.Agents.WaitForChangeAsync(node, etag, TimeSpan.FromSeconds(5), deadline.Token)
                ?? throw new TimeoutException($"node {node}'s document did not change");
            if (until(found.Document)) return found;
            etag = found.ETag;
        }
    }

    private long Report(string node, long applied, ServerState? server = null)
    {
        var number = Interlocked.Increment(ref sequence);
        Assert.True(plane.Agents.Report(node, Build(number, applied, server is null ? [] : [server], [])));
        return number;
    }

    private static NodeReport Build(long number, long applied, IReadOnlyList<ServerState> servers, IReadOnlyList<Orphan> orphans) => new(
        AgentProtocol.Version, "test", "session-1", number, applied,
        new NodeInventory(64, 256 * 1024, 4000, [], "none", null), servers, [], orphans, []);

    private static ServerState Running(string uid, long generation) => new(uid, generation, Exists: true, Running: true, [], null);

    private static string? Reason(CustomResource resource) => Conditions.Find(resource.StatusBase?.Conditions, ConditionTypes.Ready)?.Reason;

    private async Task<T> StatusOfAsync<T>(string name, Func<T, bool> until) where T : CustomResource
    {
        var key = new ResourceKey(typeof(T).Name, "acme", name);
        return (T)(await Eventually.MatchesAsync(() => store.GetAsync(key).AsTask(), o => o is T typed && until(typed)))!;
    }
}
