using VmCloud.Api;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;
using VmCloud.Engine.Tests.Runtime.Fakes;

namespace VmCloud.Engine.Tests.Runtime;

public sealed class FinalizersTests
{
    private const string Finalizer = "vmcloud.io/agent-cleanup";

    [Fact]
    public void TryAdd_AddsOnce_AndReturnsACopy()
    {
        var vps = RuntimeObjects.Vps("a");

        Assert.True(Finalizers.TryAdd(vps, Finalizer, out var added));
        Assert.False(Finalizers.TryAdd(added, Finalizer, out var again));

        Assert.Equal([Finalizer], added.Metadata.Finalizers!);
        Assert.Same(added, again);
        Assert.Null(vps.Metadata.Finalizers);
        Assert.Equal(vps.Spec, added.Spec);
    }

    [Fact]
    public void TryAdd_ToADeletingObject_AddsNothing()
    {
        var deleting = RuntimeObjects.Vps("a") with { Metadata = new ObjectMeta { Name = "a", DeletionTimestamp = DateTimeOffset.UnixEpoch } };

        Assert.False(Finalizers.TryAdd(deleting, Finalizer, out var same));
        Assert.Same(deleting, same);
        Assert.True(Finalizers.IsDeleting(deleting));
    }

    [Fact]
    public void TryRemove_KeepsTheOthers_AndClearsTheListWhenLast()
    {
        var vps = RuntimeObjects.Vps("a") with { Metadata = new ObjectMeta { Name = "a", Finalizers = ["other", Finalizer] } };

        Assert.True(Finalizers.TryRemove(vps, Finalizer, out var removed));
        Assert.Equal(["other"], removed.Metadata.Finalizers!);
        Assert.False(Finalizers.TryRemove(removed, Finalizer, out VmCloud.Api.V1Alpha1.VirtualServer _));

        Assert.True(Finalizers.TryRemove(removed, "other", out var none));
        Assert.Null(none.Metadata.Finalizers);
    }

    [Fact]
    public async Task EnsureAndRemove_WriteThroughTheStore_AndRemovalLetsADeletingObjectGo()
    {
        var store = new FakeResourceStore();
        var created = await store.CreateAsync(RuntimeObjects.Vps("a"));

        var ensured = await Finalizers.EnsureAsync(store, created, Finalizer, CancellationToken.None);
        Assert.True(Finalizers.Has(ensured, Finalizer));
        Assert.Same(ensured, await Finalizers.EnsureAsync(store, ensured, Finalizer, CancellationToken.None));

        var deleting = await store.DeleteAsync(ResourceKey.Of(ensured));
        Assert.NotNull(deleting);
        Assert.True(Finalizers.IsDeleting(deleting));

        await Finalizers.RemoveAsync(store, deleting, Finalizer);
        Assert.Null(await store.GetAsync(ResourceKey.Of(ensured)));
    }

    [Fact]
    public async Task RemoveAsync_OfAnObjectAlreadyGone_ReturnsNull()
    {
        var store = new FakeResourceStore();
        var vps = RuntimeObjects.Vps("a") with { Metadata = new ObjectMeta { Name = "a", Namespace = "acme", Finalizers = [Finalizer] } };

        Assert.Null(await Finalizers.RemoveAsync(store, vps, Finalizer));
    }
}
