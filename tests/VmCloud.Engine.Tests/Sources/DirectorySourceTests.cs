using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Sources;
using VmCloud.Engine.Store;
using static VmCloud.Engine.Tests.TestObjects;

namespace VmCloud.Engine.Tests.Sources;

public sealed class DirectorySourceTests : IDisposable
{
    private readonly string tree = Directory.CreateTempSubdirectory("vmcloud-source-").FullName;
    private readonly MemoryStore store = new(new ManualTimeProvider());
    private readonly DirectorySource source;

    public DirectorySourceTests() =>
        source = new DirectorySource(tree, store, Policies, new ManualTimeProvider(), NullLogger.Instance);

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

    private static ResourceKey Key(string name) => new(nameof(VirtualServer), "acme", name);

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
