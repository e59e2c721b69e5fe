using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;
using static VmCloud.Engine.Tests.Store.StoreTestObjects;

namespace VmCloud.Engine.Tests.Store;

/// <summary>Deletion and finalizers, lists, and concurrent writers.</summary>
public abstract partial class ResourceStoreContractTests
{
    [Fact]
    public async Task Delete_RemovesAtOnce_WhenThereAreNoFinalizers()
    {
        var created = await Store.CreateAsync(Server("web-1"));

        Assert.Null(await Store.DeleteAsync(Key(created)));
        Assert.Null(await Store.GetAsync(Key(created)));
        await Assert.ThrowsAsync<NotFoundException>(() => Store.DeleteAsync(Key(created)).AsTask());
    }

    [Fact]
    public async Task Delete_MarksTheObject_WhileFinalizersRemain()
    {
        var created = await Store.CreateAsync(WithFinalizers(Server("web-1"), "vmcloud.io/agent"));
        Time.Advance(TimeSpan.FromMinutes(5));

        var marked = await Store.DeleteAsync(Key(created));
        Time.Advance(TimeSpan.FromMinutes(5));
        var again = await Store.DeleteAsync(Key(created));

        Assert.Equal(Time.GetUtcNow().AddMinutes(-5), marked!.Metadata.DeletionTimestamp);
        Assert.Equal(1, marked.Metadata.Generation);
        Assert.True(RevisionOf(marked) > RevisionOf(created));
        AssertSameJson(marked, again);
        AssertSameJson(marked, await Store.GetAsync(Key(created)));
    }

    [Fact]
    public async Task Update_RemovingTheLastFinalizer_DeletesAMarkedObject()
    {
        var created = await Store.CreateAsync(WithFinalizers(Server("web-1"), "vmcloud.io/agent", "vmcloud.io/billing"));
        var marked = (await Store.DeleteAsync(Key(created)))!;

        var oneLeft = await Store.UpdateAsync(WithFinalizers(marked, "vmcloud.io/billing"));
        var statusWhileMarked = await Store.UpdateStatusAsync(((VirtualServer)oneLeft) with { Status = Running("node-1") });
        var last = await Store.UpdateAsync(WithFinalizers(statusWhileMarked));

        Assert.NotNull(oneLeft.Metadata.DeletionTimestamp);
        Assert.Equal(marked.Metadata.DeletionTimestamp, statusWhileMarked.Metadata.DeletionTimestamp);
        Assert.Empty(last.Metadata.Finalizers!);
        Assert.True(RevisionOf(last) > RevisionOf(statusWhileMarked));
        Assert.Null(await Store.GetAsync(Key(created)));
    }

    [Fact]
    public async Task Update_RemovingFinalizers_KeepsAnObjectNotMarkedForDeletion()
    {
        var created = await Store.CreateAsync(WithFinalizers(Server("web-1"), "vmcloud.io/agent"));

        var updated = await Store.UpdateAsync(created with { Metadata = created.Metadata with { Finalizers = null } });

        Assert.Null(updated.Metadata.DeletionTimestamp);
        AssertSameJson(updated, await Store.GetAsync(Key(created)));
    }

    [Fact]
    public async Task Update_CannotUnmarkAnObjectMarkedForDeletion()
    {
        var created = await Store.CreateAsync(WithFinalizers(Server("web-1"), "vmcloud.io/agent"));
        var marked = (await Store.DeleteAsync(Key(created)))!;

        var updated = await Store.UpdateAsync(marked with { Metadata = marked.Metadata with { DeletionTimestamp = null } });

        Assert.Equal(marked.Metadata.DeletionTimestamp, updated.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Delete_Conflicts_WhenTheResourceVersionIsStale()
    {
        var created = await Store.CreateAsync(Server("web-1"));
        var updated = await Store.UpdateAsync(created with { Metadata = created.Metadata with { Labels = null } });

        await Assert.ThrowsAsync<ConflictException>(() => Store.DeleteAsync(Key(created), created.Metadata.ResourceVersion).AsTask());
        Assert.NotNull(await Store.GetAsync(Key(created)));
        Assert.Null(await Store.DeleteAsync(Key(created), updated.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task List_ReturnsOneKind_InOneNamespaceOrAll_WithTheRevisionReadAt()
    {
        await Store.CreateAsync(Server("web-2"));
        await Store.CreateAsync(Server("web-1"));
        await Store.CreateAsync(Server("db-1", ns: "globex"));
        await Store.CreateAsync(Tenant("acme"));
        var last = await Store.CreateAsync(Tenant("globex"));

        var all = await Store.ListAsync("VirtualServer");
        var acme = await Store.ListAsync("VirtualServer", "acme");
        var tenants = await Store.ListAsync("Tenant");

        Assert.Equal(["db-1", "web-1", "web-2"], all.Items.Select(item => item.Metadata.Name).Order());
        Assert.Equal(["web-1", "web-2"], acme.Items.Select(item => item.Metadata.Name).Order());
        Assert.Equal(2, tenants.Items.Count);
        Assert.Empty((await Store.ListAsync("Volume")).Items);
        Assert.Equal(RevisionOf(last), all.Revision);
    }

    [Fact]
    public async Task ConcurrentWriters_NeverLoseAnUpdate_WhenTheyRetryOnConflict()
    {
        var created = await Store.CreateAsync(Server("counter"));
        const int Writers = 8, Increments = 20;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Increments; i++) await IncrementAsync(Key(created));
        })));

        var final = await Store.GetAsync(Key(created));
        Assert.Equal($"{Writers * Increments}", final!.Metadata.Annotations!["count"]);
    }

    private async Task IncrementAsync(ResourceKey key)
    {
        while (true)
        {
            var current = (await Store.GetAsync(key))!;
            var count = int.Parse(current.Metadata.Annotations?.GetValueOrDefault("count") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var annotations = new Dictionary<string, string> { ["count"] = $"{count + 1}" };
            try
            {
                await Store.UpdateAsync(current with { Metadata = current.Metadata with { Annotations = annotations } });
                return;
            }
            catch (ConflictException)
            {
                // Someone wrote in between: read again, as every controller does.
            }
        }
    }

    private static CustomResource WithFinalizers(CustomResource resource, params string[] finalizers) =>
        resource with { Metadata = resource.Metadata with { Finalizers = finalizers } };
}
