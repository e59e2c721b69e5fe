using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Sources;
using VmCloud.Tests;
using VmCloud.Engine.Store;
using static VmCloud.Engine.Tests.TestObjects;

namespace VmCloud.Engine.Tests.Sources;

public sealed class SourceSyncTests : IDisposable
{
    private static readonly Lazy<HypervisorNode> OneComputeNode = new(() =>
        ManifestLoader.LoadTree(RepoPaths.Combine("examples", "fleet"), allowStatus: true).Manifests.Select(m => m.Object)
            .OfType<HypervisorNode>().First(n => n.Spec.Role == NodeRole.Compute && n.Spec.Datacenter == "PAR-1"));

    private readonly string tree = Directory.CreateTempSubdirectory("vmcloud-source-").FullName;
    private readonly ManualTimeProvider time = new();
    private readonly MemoryStore store;
    private readonly SourceSync source;

    public SourceSyncTests()
    {
        store = new MemoryStore(time);
        source = Sync(new DirectoryOrigin(tree));
    }

    public void Dispose()
    {
        store.Dispose();
        Directory.Delete(tree, recursive: true);
    }

    [Fact]
    public async Task Sync_AppliesAValidTree_MarkingEachObjectWithItsSource()
    {
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO"));

        var result = await source.SyncAsync(CancellationToken.None);

        Assert.True(result.Applied);
        Assert.Equal(2, result.Changes!.Created);
        var web = await store.GetAsync(Key("web-1"));
        Assert.Equal(source.Name, web!.Metadata.Annotations![SourceApplier.SourceAnnotation]);
    }

    [Fact]
    public async Task Sync_RefusesAnInvalidTree_AndKeepsWhatWasApplied()
    {
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO"));
        await source.SyncAsync(CancellationToken.None);
        Write("web.yaml", Server("web-1", "VPS-NANO") + "---\n" + Server("web-2", "VPS-MEGA"));

        var result = await source.SyncAsync(CancellationToken.None);

        Assert.False(result.Applied);
        var error = Assert.Single(result.Errors);
        Assert.Equal((Path.Combine(tree, "tenants", "acme", "web.yaml"), 15), (error.At.File, error.At.Line));
        Assert.Null(await store.GetAsync(Key("web-2")));
        Assert.NotNull(await store.GetAsync(Key("web-1")));
    }

    [Fact]
    public async Task Sync_UpdatesWhatChanged_AndLeavesTheRest()
    {
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO") + "---\n" + Server("web-2", "VPS-NANO"));
        await source.SyncAsync(CancellationToken.None);
        Write("web.yaml", Server("web-1", "VPS-ELITE") + "---\n" + Server("web-2", "VPS-NANO"));

        var result = await source.SyncAsync(CancellationToken.None);

        Assert.Equal((0, 1, 0), (result.Changes!.Created, result.Changes.Updated, result.Changes.Deleted));
        var web = (VirtualServer)(await store.GetAsync(Key("web-1")))!;
        Assert.Equal(("VPS-ELITE", 2L), (web.Spec.Plan, web.Metadata.Generation));
    }

    [Fact]
    public async Task Sync_PrunesOnlyItsOwnObjects_GoneFromTheTree()
    {
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO"));
        await source.SyncAsync(CancellationToken.None);
        await store.CreateAsync(Vps("acme", "applied-by-hand"));
        File.Delete(Path.Combine(tree, "tenants", "acme", "web.yaml"));

        var result = await source.SyncAsync(CancellationToken.None);

        Assert.Equal(1, result.Changes!.Deleted);
        Assert.Null(await store.GetAsync(Key("web-1")));
        Assert.NotNull(await store.GetAsync(Key("applied-by-hand")));
    }

    [Fact]
    public async Task Sync_LeavesAnObjectOfAnotherSource_AndSaysSo()
    {
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO"));
        var other = Vps("acme", "web-1", "VPS-ELITE");
        await store.CreateAsync(other with
        {
            Metadata = other.Metadata with { Annotations = new Dictionary<string, string> { [SourceApplier.SourceAnnotation] = "git:elsewhere" } },
        });

        var result = await source.SyncAsync(CancellationToken.None);

        Assert.Contains(result.Changes!.Conflicts, c => c.Contains("web-1", StringComparison.Ordinal));
        Assert.Equal("VPS-ELITE", ((VirtualServer)(await store.GetAsync(Key("web-1")))!).Spec.Plan);
    }

    [Fact]
    public async Task Sync_RecordsTheAppliedState_InTheSourceObject_WithAnEvent()
    {
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO"));

        await source.SyncAsync(CancellationToken.None);

        var status = (await SourceObjectAsync()).Status!;
        Assert.Equal(("Applied", 2, 0), (status.Phase, status.Objects, status.Errors.Count));
        Assert.Equal(ConditionStatus.True, status.Conditions.Single(c => c.Type == ConditionTypes.Ready).Status);
        Assert.Contains(await EventsAsync(), e => e.Reason == "RevisionApplied");
    }

    [Fact]
    public async Task Sync_RefusedTree_ListsEveryErrorWithFileAndLine_AndSinceWhen_ThenAFixClearsThem()
    {
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO"));
        await source.SyncAsync(CancellationToken.None);
        var failedAt = time.GetUtcNow();
        Write("web.yaml", Server("web-1", "VPS-NANOO") + "---\n" + Server("web-2", "VPS-MEGA"));

        await source.SyncAsync(CancellationToken.None);

        var refused = (await SourceObjectAsync()).Status!;
        Assert.Equal("Refused", refused.Phase);
        Assert.Equal([(6, "tenants/acme/web.yaml"), (15, "tenants/acme/web.yaml")],
            refused.Errors.Select(e => (e.Line, Path.GetRelativePath(tree, e.File!).Replace('\\', '/'))));
        Assert.Equal(failedAt, refused.FailingSince);
        Assert.Contains(await EventsAsync(), e => e.Reason == "RevisionRefused" && e.Type == "Warning");

        Write("web.yaml", Server("web-1", "VPS-NANO"));
        time.Advance(TimeSpan.FromSeconds(1));
        await source.SyncAsync(CancellationToken.None);

        var fixedStatus = (await SourceObjectAsync()).Status!;
        Assert.Equal(("Applied", 0, (DateTimeOffset?)null), (fixedStatus.Phase, fixedStatus.Errors.Count, fixedStatus.FailingSince));
    }

    [Fact]
    public async Task Sync_UnreachableOrigin_KeepsTheAppliedObjects_AndCountsTheFailures()
    {
        var origin = new SwitchableOrigin(new DirectoryOrigin(tree));
        var sync = Sync(origin, "switchable");
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO"));
        await sync.SyncAsync(CancellationToken.None);
        origin.Unreachable = "connection refused";

        await sync.SyncAsync(CancellationToken.None);
        var result = await sync.SyncAsync(CancellationToken.None);

        Assert.False(result.Applied);
        Assert.NotNull(await store.GetAsync(Key("web-1")));
        var status = (Source)(await store.GetAsync(new ResourceKey(nameof(Source), null, "switchable")))!;
        Assert.Equal(("FetchFailing", 2), (status.Status!.Phase, status.Status.ConsecutiveFetchFailures));
        Assert.Contains("connection refused", status.Status.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(2, sync.ConsecutiveFetchFailures);
    }

    [Fact]
    public async Task Sync_ARevisionThatCannotBeRead_CountsAsUnavailable_AndKeepsTheAppliedObjects()
    {
        var origin = new SwitchableOrigin(new DirectoryOrigin(tree));
        var sync = Sync(origin, "unreadable");
        WriteTenant();
        Write("web.yaml", Server("web-1", "VPS-NANO"));
        await sync.SyncAsync(CancellationToken.None);
        Write("web.yaml", Server("web-2", "VPS-NANO"));
        origin.Unreadable = "object 1234 is missing";

        var result = await sync.SyncAsync(CancellationToken.None);

        Assert.False(result.Applied);
        Assert.NotNull(await store.GetAsync(Key("web-1")));
        var status = (Source)(await store.GetAsync(new ResourceKey(nameof(Source), null, "unreadable")))!;
        Assert.Equal("FetchFailing", status.Status!.Phase);
        Assert.Contains("object 1234 is missing", status.Status.Errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_RefusesATree_WhoseNewObjectsDoNotFitTheFleet_WhenAskedToCheckCapacity()
    {
        var node = OneComputeNode.Value;
        var created = (HypervisorNode)await store.CreateAsync(node);
        await store.UpdateStatusAsync(created with { Status = node.Status });
        var sync = Sync(new DirectoryOrigin(tree), "capacity", new SourceSyncOptions { CheckCapacity = true });
        WriteTenant();
        Write("gpu.yaml", """
            apiVersion: vmcloud.io/v1alpha1
            kind: GpuInstance
            metadata: {name: train}
            spec: {plan: GPU-PRO, image: gpu-ubuntu-22.04-cuda-12, datacenter: PAR-1}
            """);

        var result = await sync.SyncAsync(CancellationToken.None);

        Assert.False(result.Applied);
        var error = Assert.Single(result.Errors);
        Assert.Contains("does not fit the fleet", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("gpu.yaml", error.At.File, StringComparison.Ordinal);
        Assert.Null(await store.GetAsync(new ResourceKey(nameof(GpuInstance), "acme", "train")));
    }

    private SourceSync Sync(ISourceOrigin origin, string name = "test", SourceSyncOptions? options = null) =>
        new(origin, name, store, Policies, new EventRecorder(store, time, NullLogger.Instance), time, NullLogger.Instance, options);

    private async Task<Source> SourceObjectAsync() => (Source)(await store.GetAsync(new ResourceKey(nameof(Source), null, "test")))!;

    private async Task<IReadOnlyList<Event>> EventsAsync() =>
        await new EventRecorder(store, time, NullLogger.Instance).ListForAsync(await SourceObjectAsync());

    private static ResourceKey Key(string name) => new(nameof(VirtualServer), "acme", name);

    // An origin that can be made unreachable, as a remote whose host went down.
    private sealed class SwitchableOrigin(ISourceOrigin inner) : ISourceOrigin
    {
        public string? Unreachable { get; set; }

        public string? Unreadable { get; set; }

        public string Name => inner.Name;

        public SourceSpec Spec => inner.Spec;

        public Task<SourceRevision> FetchAsync(CancellationToken cancellationToken) =>
            Unreachable is { } reason ? throw new SourceUnavailableException(reason) : inner.FetchAsync(cancellationToken);

        public Task<(IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors)> ReadAsync(SourceRevision revision, LoadLimits limits, CancellationToken cancellationToken) =>
            Unreadable is { } reason ? throw new SourceUnavailableException(reason) : inner.ReadAsync(revision, limits, cancellationToken);
    }

    private void WriteTenant() => Write("tenant.yaml", """
        apiVersion: vmcloud.io/v1alpha1
        kind: Tenant
        metadata: {name: acme}
        spec: {displayName: Acme, billingContact: billing@acme.example}
        """);

    private static string Server(string name, string plan) => $$"""
        apiVersion: vmcloud.io/v1alpha1
        kind: VirtualServer
        metadata:
          name: {{name}}
        spec:
          plan: {{plan}}
          image: debian-12
          datacenter: PAR-1

        """;

    private void Write(string file, string text)
    {
        var path = Path.Combine(tree, "tenants", "acme", file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
