using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;
using VmCloud.Engine.Store.Durability;
using static VmCloud.Engine.Tests.Store.StoreTestObjects;

namespace VmCloud.Engine.Tests.Store;

/// <summary>What only the store on disk does: come back after a restart, snapshots, torn records, the lock.</summary>
public sealed class EmbeddedStoreTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly ManualTimeProvider time = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Reopen_RestoresEveryObjectAndTheRevision()
    {
        List<string> before;
        long revision;
        await using (var store = Open())
        {
            var server = (VirtualServer)await store.CreateAsync(WithFinalizer(Server("web-1")));
            await store.UpdateAsync(server with { Spec = server.Spec with { Plan = "VPS-ELITE" } });
            await store.UpdateStatusAsync(server with { Metadata = server.Metadata with { ResourceVersion = null }, Status = Running("node-1", 2) });
            await store.DeleteAsync(Key(server));
            var gone = await store.CreateAsync(Server("web-2"));
            await store.DeleteAsync(Key(gone));
            await store.CreateAsync(Tenant("acme"));
            before = await SnapshotOfAsync(store);
            revision = store.Revision;
        }

        await using var reopened = Open();

        Assert.Equal(before, await SnapshotOfAsync(reopened));
        Assert.Equal(revision, reopened.Revision);
        Assert.Equal(revision + 1, RevisionOf(await reopened.CreateAsync(Server("web-3"))));
    }

    [Fact]
    public async Task Snapshot_ReplacesTheLog_AndReopenLoadsItThenReplaysTheRest()
    {
        List<string> before;
        await using (var store = Open(snapshotMinRecords: 10))
        {
            await WriteManyAsync(store, 60);
            await store.SnapshotAsync();
            await WriteManyAsync(store, 5, prefix: "late");
            before = await SnapshotOfAsync(store);
        }

        Assert.True(File.Exists(DataFiles.Snapshot(directory.Path)));
        Assert.Single(DataFiles.Segments(directory.Path));
        await using var reopened = Open(snapshotMinRecords: 10);
        Assert.Equal(before, await SnapshotOfAsync(reopened));
    }

    [Fact]
    public async Task Watch_AfterReopen_ResumesFromRevisionsAfterTheSnapshot_AndIsGoneBefore()
    {
        long snapshotAt;
        await using (var store = Open())
        {
            await WriteManyAsync(store, 5);
            await store.SnapshotAsync();
            snapshotAt = store.Revision;
            await WriteManyAsync(store, 3, prefix: "late");
        }

        await using var reopened = Open();
        await using var resumed = new WatchReader(reopened, null, snapshotAt);
        Assert.Equal([snapshotAt + 1, snapshotAt + 2, snapshotAt + 3], (await resumed.NextAsync(3)).Select(change => change.Revision));
        await using var tooOld = new WatchReader(reopened, null, snapshotAt - 1);
        await Assert.ThrowsAsync<GoneException>(tooOld.NextAsync);
    }

    [Fact]
    public async Task Snapshots_TakenWhileWritersRun_LoseNothing()
    {
        List<string> before;
        await using (var store = Open(snapshotMinRecords: 10))
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() => WriteManyAsync(store, 40, prefix: $"w{writer}"))));
            before = await SnapshotOfAsync(store);
        }

        Assert.True(File.Exists(DataFiles.Snapshot(directory.Path)));
        await using var reopened = Open(snapshotMinRecords: 10);
        Assert.Equal(before, await SnapshotOfAsync(reopened));
    }

    [Fact]
    public async Task Create_RefusesAKindItCouldNotReadBack()
    {
        var gadget = new Gadget { Metadata = new VmCloud.Api.ObjectMeta { Name = "g-1", Namespace = "acme" } };
        await using var store = Open();

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(gadget).AsTask());
        using var memory = new MemoryStore();
        Assert.Equal(1, (await memory.CreateAsync(gadget)).Metadata.Generation);
    }

    [Theory]
    [InlineData(new byte[] { 0x2a })]
    [InlineData(new byte[] { 0x40, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData(new byte[] { 0x40, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })]
    public async Task Reopen_DropsATornLastRecord_AndKeepsWorking(byte[] torn)
    {
        await using (var store = Open()) await CreateServersAsync(store, 3);
        var segment = DataFiles.Segments(directory.Path)[^1].Path;
        await File.AppendAllBytesAsync(segment, torn);

        await using (var store = Open())
        {
            Assert.Equal(3, (await store.ListAsync("VirtualServer")).Items.Count);
            await store.CreateAsync(Server("after"));
        }

        await using var again = Open();
        Assert.Equal(4, (await again.ListAsync("VirtualServer")).Items.Count);
    }

    [Fact]
    public async Task Reopen_DropsALastRecordWithABadChecksum()
    {
        await using (var store = Open()) await CreateServersAsync(store, 3);
        var segment = DataFiles.Segments(directory.Path)[^1].Path;
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[^2] ^= 0xff;
        await File.WriteAllBytesAsync(segment, bytes);

        await using var reopened = Open();

        Assert.Equal(["s-0", "s-1"], (await reopened.ListAsync("VirtualServer")).Items.Select(item => item.Metadata.Name));
    }

    [Fact]
    public async Task Open_Throws_WhileAnotherStoreHoldsTheDirectory()
    {
        await using (var store = Open())
        {
            var held = Assert.Throws<StoreException>(() => Open());
            Assert.Contains("in use", held.Message, StringComparison.Ordinal);
        }

        await using var afterRelease = Open();
    }

    [Fact]
    public async Task Open_Throws_WhenARecordInsideTheLogIsLost()
    {
        await using (var store = Open()) await CreateServersAsync(store, 3);
        var segment = DataFiles.Segments(directory.Path)[^1].Path;
        var bytes = await File.ReadAllBytesAsync(segment);
        var ends = FrameEnds(bytes);
        await File.WriteAllBytesAsync(segment, [.. bytes[..(int)ends[0]], .. bytes[(int)ends[1]..]]);

        var corrupt = Assert.Throws<StoreException>(() => Open());

        Assert.Contains("jumps from revision 1 to 3", corrupt.Message, StringComparison.Ordinal);
    }

    private EmbeddedStore Open(int snapshotMinRecords = 10_000) =>
        EmbeddedStore.Open(new EmbeddedStoreOptions { DataDirectory = directory.Path, SnapshotMinRecords = snapshotMinRecords }, time);

    private static async Task CreateServersAsync(EmbeddedStore store, int count)
    {
        for (var i = 0; i < count; i++) await store.CreateAsync(Server($"s-{i}"));
    }

    /// <summary>Where each whole frame of a segment ends.</summary>
    private static List<long> FrameEnds(byte[] segment)
    {
        using var stream = new MemoryStream(segment);
        stream.Position = DataFiles.MagicSize;
        var reader = new LogFrameReader(stream, DataFiles.MagicSize);
        var ends = new List<long>();
        while (reader.TryRead(out _, out _)) ends.Add(reader.ValidLength);
        return ends;
    }

    private static async Task WriteManyAsync(EmbeddedStore store, int count, string prefix = "s")
    {
        for (var i = 0; i < count; i++)
        {
            var server = (VirtualServer)await store.CreateAsync(Server($"{prefix}-{i}"));
            await store.UpdateStatusAsync(server with { Status = Running($"node-{i}") });
            if (i % 3 == 2) await store.DeleteAsync(Key(server));
        }
    }

    /// <summary>Every object as JSON, to compare what two stores hold.</summary>
    private static async Task<List<string>> SnapshotOfAsync(EmbeddedStore store)
    {
        var result = new List<string>();
        foreach (var kind in new[] { "VirtualServer", "Tenant" })
        {
            foreach (var item in (await store.ListAsync(kind)).Items)
                result.Add(System.Text.Json.JsonSerializer.Serialize(item, item.GetType(), VmCloud.Api.ApiJson.Options));
        }

        return result;
    }

    private static VirtualServer WithFinalizer(VirtualServer server) =>
        server with { Metadata = server.Metadata with { Finalizers = ["vmcloud.io/agent"] } };

    /// <summary>A kind the API does not serve, as a controller test might declare.</summary>
    public sealed record Gadget : VmCloud.Api.CustomResource<GadgetSpec, GadgetStatus>
    {
        public override string Kind { get; init; } = nameof(Gadget);
    }

    public sealed record GadgetSpec
    {
        public int Size { get; init; }
    }

    public sealed record GadgetStatus : VmCloud.Api.ResourceStatus;
}
