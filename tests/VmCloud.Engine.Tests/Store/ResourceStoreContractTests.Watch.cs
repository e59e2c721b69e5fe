using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;
using static VmCloud.Engine.Tests.Store.StoreTestObjects;

namespace VmCloud.Engine.Tests.Store;

/// <summary>Watches: from 0, from a revision, ordering, history limits, slow watchers, cancellation.</summary>
public abstract partial class ResourceStoreContractTests
{
    [Fact]
    public async Task Watch_FromZero_YieldsTheCurrentObjectsAsAdded_ThenEveryChange()
    {
        var first = (VirtualServer)await Store.CreateAsync(Server("web-1"));
        var gone = await Store.CreateAsync(Server("web-2"));
        await Store.CreateAsync(Tenant("acme"));
        var firstNow = await Store.UpdateAsync(first with { Spec = first.Spec with { Plan = "VPS-ELITE" } });
        await Store.DeleteAsync(Key(gone));
        var third = await Store.CreateAsync(Server("web-3"));
        await using var watch = new WatchReader(Store, "VirtualServer", 0);

        var current = await watch.NextAsync(2);
        var live = await Store.UpdateStatusAsync(((VirtualServer)third) with { Status = Running("node-1") });
        var change = await watch.NextAsync();

        Assert.All(current, added => Assert.Equal(WatchEventType.Added, added.Type));
        Assert.Equal(["web-1", "web-3"], current.Select(added => added.Object.Metadata.Name));
        Assert.Equal([RevisionOf(firstNow), RevisionOf(third)], current.Select(added => added.Revision));
        AssertSameJson(firstNow, current[0].Object);
        Assert.Equal(WatchEventType.Modified, change.Type);
        Assert.Equal(RevisionOf(live), change.Revision);
        AssertSameJson(live, change.Object);
    }

    [Fact]
    public async Task Watch_FromARevision_YieldsEveryChangeAfterIt_InOrder()
    {
        await Store.CreateAsync(Server("before"));
        var from = (await Store.ListAsync("VirtualServer")).Revision;
        var created = await Store.CreateAsync(WithFinalizers(Server("web-1"), "vmcloud.io/agent"));
        var status = await Store.UpdateStatusAsync(((VirtualServer)created) with { Status = Running("node-1") });
        var marked = (await Store.DeleteAsync(Key(created)))!;
        var finalized = await Store.UpdateAsync(WithFinalizers(marked));
        await using var watch = new WatchReader(Store, "VirtualServer", from);

        var changes = await watch.NextAsync(4);

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Modified, WatchEventType.Deleted], changes.Select(change => change.Type));
        Assert.Equal(new[] { created, status, marked, finalized }.Select(RevisionOf), changes.Select(change => change.Revision));
        AssertSameJson(status, changes[1].Object);
        Assert.NotNull(changes[2].Object.Metadata.DeletionTimestamp);
        Assert.Equal("web-1", changes[3].Object.Metadata.Name);
    }

    [Fact]
    public async Task Watch_OfOneKind_SkipsTheOthers_AndFollowsLiveChanges()
    {
        var from = (await Store.ListAsync("VirtualServer")).Revision;
        await using var watch = new WatchReader(Store, "VirtualServer", from);
        var first = Store.CreateAsync(Server("web-1"));
        var added = await watch.NextAsync();
        Assert.Equal(RevisionOf(await first), added.Revision);

        await Store.CreateAsync(Tenant("acme"));
        var server = await Store.CreateAsync(Server("web-2"));

        var next = await watch.NextAsync();
        Assert.Equal(RevisionOf(server), next.Revision);
        Assert.Equal("VirtualServer", next.Object.Kind);
    }

    [Fact]
    public async Task Watch_OfAllKinds_SeesEveryRevisionOnceInOrder_WhileManyWrite()
    {
        const int Writers = 4, Objects = 40;
        var from = (await Store.ListAsync("VirtualServer")).Revision;
        await using var watch = new WatchReader(Store, null, from);
        var probe = await Store.CreateAsync(Tenant("probe"));
        Assert.Equal(RevisionOf(probe), (await watch.NextAsync()).Revision);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < Objects; i++) await Store.CreateAsync(i % 2 == 0 ? Server($"w{writer}-{i}") : Tenant($"w{writer}-{i}"));
        })));

        var changes = await watch.NextAsync(Writers * Objects);
        Assert.Equal(Enumerable.Range(1, Writers * Objects).Select(i => RevisionOf(probe) + i), changes.Select(change => change.Revision));
    }

    [Fact]
    public async Task Watch_Throws_Gone_WhenTheRevisionIsOlderThanTheHistory()
    {
        var store = NewStore(new StoreOptions { HistoryLimit = 5 });
        var created = await store.CreateAsync(Tenant("acme"));
        for (var i = 0; i < 10; i++) await store.UpdateAsync(created with { Metadata = created.Metadata with { ResourceVersion = null, Annotations = new Dictionary<string, string> { ["i"] = $"{i}" } } });
        var now = (await store.ListAsync("Tenant")).Revision;

        await using var old = new WatchReader(store, null, RevisionOf(created));
        await Assert.ThrowsAsync<GoneException>(old.NextAsync);
        await using var recent = new WatchReader(store, null, now - 3);
        Assert.Equal([now - 2, now - 1, now], (await recent.NextAsync(3)).Select(change => change.Revision));
    }

    [Fact]
    public async Task Watch_Throws_Gone_WhenTheWatcherFallsBehind_WithoutHoldingWritersBack()
    {
        var store = NewStore(new StoreOptions { WatchBufferSize = 4 });
        await using var watch = new WatchReader(store, "Tenant", 0);
        var probe = await store.CreateAsync(Tenant("probe"));
        Assert.Equal(RevisionOf(probe), (await watch.NextAsync()).Revision);

        for (var i = 0; i < 20; i++) await store.CreateAsync(Tenant($"t{i}"));

        var queued = await watch.NextAsync(4);
        Assert.Equal(Enumerable.Range(1, 4).Select(i => RevisionOf(probe) + i), queued.Select(change => change.Revision));
        await Assert.ThrowsAsync<GoneException>(watch.NextAsync);
    }

    [Fact]
    public async Task Watch_Ends_WithOperationCanceled_WhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var from = (await Store.ListAsync("Tenant")).Revision;
        await using var changes = Store.WatchAsync("Tenant", from, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var pending = changes.MoveNextAsync().AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(WatchReader.Deadline));
    }
}
