using System.Text.Json;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;
using static VmCloud.Engine.Tests.Store.StoreTestObjects;

namespace VmCloud.Engine.Tests.Store;

/// <summary>
/// The rules of <see cref="IResourceStore"/>, run against every back end: one subclass per store.
/// Writes and reads here; watches in the other part of the class.
/// </summary>
public abstract partial class ResourceStoreContractTests : IAsyncLifetime
{
    private readonly List<IResourceStore> stores = [];
    private IResourceStore? store;

    /// <summary>The clock the stores stamp times from.</summary>
    internal ManualTimeProvider Time { get; } = new();

    /// <summary>A store with default options, made on first use.</summary>
    protected IResourceStore Store => store ??= NewStore(new StoreOptions());

    /// <summary>A new, empty store of the back end under test, stamping times from <see cref="Time"/>.</summary>
    protected abstract IResourceStore CreateStore(StoreOptions options);

    /// <summary>Removes what the back end left behind (files), after its stores are disposed.</summary>
    protected virtual void CleanUp()
    {
    }

    protected IResourceStore NewStore(StoreOptions options)
    {
        var newStore = CreateStore(options);
        stores.Add(newStore);
        return newStore;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var each in stores)
        {
            if (each is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else (each as IDisposable)?.Dispose();
        }

        CleanUp();
    }

    [Fact]
    public async Task Create_AssignsUidGenerationCreationTimestampAndResourceVersion()
    {
        var created = await Store.CreateAsync(Server("web-1"));

        Assert.True(Guid.TryParse(created.Metadata.Uid, out _));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(Time.GetUtcNow(), created.Metadata.CreationTimestamp);
        Assert.Null(created.Metadata.DeletionTimestamp);
        Assert.True(RevisionOf(created) > 0);
        AssertSameJson(created, await Store.GetAsync(Key(created)));
    }

    [Fact]
    public async Task Create_DropsTheStatus()
    {
        var created = (VirtualServer)await Store.CreateAsync(Server("web-1") with { Status = Running("node-1") });

        Assert.Null(created.Status);
        Assert.Null(((VirtualServer)(await Store.GetAsync(Key(created)))!).Status);
    }

    [Fact]
    public async Task Create_IgnoresSystemFieldsTheClientSent()
    {
        var forged = Server("web-1");
        forged = forged with
        {
            Metadata = forged.Metadata with { Uid = "forged", Generation = 7, DeletionTimestamp = Time.GetUtcNow().AddDays(-1) },
        };

        var created = await Store.CreateAsync(forged);

        Assert.NotEqual("forged", created.Metadata.Uid);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Null(created.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Create_Throws_WhenTheKeyIsTaken()
    {
        await Store.CreateAsync(Server("web-1"));

        var taken = await Assert.ThrowsAsync<AlreadyExistsException>(() => Store.CreateAsync(Server("web-1")).AsTask());
        Assert.Equal(new ResourceKey("VirtualServer", "acme", "web-1"), taken.Key);
        await Store.CreateAsync(Server("web-1", ns: "globex"));
        await Store.CreateAsync(Tenant("web-1"));
    }

    [Fact]
    public async Task Writes_TakeTheNextRevisionOfOneCounterForAllKinds()
    {
        var server = await Store.CreateAsync(Server("web-1"));
        var tenant = await Store.CreateAsync(Tenant("acme"));
        var updated = await Store.UpdateAsync(server with { Metadata = server.Metadata with { Labels = new Dictionary<string, string>() } });
        var status = await Store.UpdateStatusAsync(((VirtualServer)updated) with { Status = Running("node-1") });

        long[] revisions = [RevisionOf(server), RevisionOf(tenant), RevisionOf(updated), RevisionOf(status)];
        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(revisions.Length, revisions.Distinct().Count());
        Assert.Equal(RevisionOf(status), (await Store.ListAsync("Tenant")).Revision);
    }

    [Fact]
    public async Task Get_ReturnsNull_WhenTheObjectIsMissing() =>
        Assert.Null(await Store.GetAsync(new ResourceKey("VirtualServer", "acme", "nothing")));

    [Fact]
    public async Task Update_KeepsTheGeneration_WhenOnlyMetadataChanges()
    {
        var created = await Store.CreateAsync(Server("web-1"));

        var updated = await Store.UpdateAsync(created with
        {
            Metadata = created.Metadata with { Labels = new Dictionary<string, string> { ["tier"] = "gold" }, Finalizers = ["vmcloud.io/cleanup"] },
        });

        Assert.Equal(1, updated.Metadata.Generation);
        Assert.Equal("gold", updated.Metadata.Labels!["tier"]);
        Assert.Equal(["vmcloud.io/cleanup"], updated.Metadata.Finalizers!);
        Assert.True(RevisionOf(updated) > RevisionOf(created));
    }

    [Fact]
    public async Task Update_BumpsTheGeneration_WhenTheSpecChanges()
    {
        var created = (VirtualServer)await Store.CreateAsync(Server("web-1"));

        var updated = await Store.UpdateAsync(created with { Spec = created.Spec with { Plan = "VPS-BUSINESS" } });
        var again = (VirtualServer)await Store.UpdateAsync(updated);

        Assert.Equal(2, updated.Metadata.Generation);
        Assert.Equal(2, again.Metadata.Generation);
        Assert.Equal("VPS-BUSINESS", again.Spec.Plan);
    }

    [Fact]
    public async Task Update_KeepsTheStoredStatusAndSystemFields_WhateverItSends()
    {
        var created = (VirtualServer)await Store.CreateAsync(Server("web-1"));
        await Store.UpdateStatusAsync(created with { Status = Running("node-1") });
        Time.Advance(TimeSpan.FromHours(1));

        var updated = (VirtualServer)await Store.UpdateAsync(created with
        {
            Metadata = created.Metadata with { Uid = "other", CreationTimestamp = Time.GetUtcNow(), ResourceVersion = null },
            Spec = created.Spec with { Plan = "VPS-BUSINESS" },
            Status = Running("node-9"),
        });

        Assert.Equal("node-1", updated.Status?.NodeName);
        Assert.Equal(created.Metadata.Uid, updated.Metadata.Uid);
        Assert.Equal(created.Metadata.CreationTimestamp, updated.Metadata.CreationTimestamp);
        AssertSameJson(updated, await Store.GetAsync(Key(created)));
    }

    [Fact]
    public async Task Update_Throws_WhenTheObjectIsMissing()
    {
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => Store.UpdateAsync(Server("web-1")).AsTask());
        Assert.Equal(Key(Server("web-1")), missing.Key);
        await Assert.ThrowsAsync<NotFoundException>(() => Store.UpdateStatusAsync(Server("web-1")).AsTask());
    }

    [Fact]
    public async Task Update_Conflicts_WhenTheResourceVersionIsStale()
    {
        var created = (VirtualServer)await Store.CreateAsync(Server("web-1"));
        var current = await Store.UpdateAsync(created with { Spec = created.Spec with { Plan = "VPS-BUSINESS" } });

        await Assert.ThrowsAsync<ConflictException>(() => Store.UpdateAsync(created with { Spec = created.Spec with { Plan = "VPS-ELITE" } }).AsTask());
        await Assert.ThrowsAsync<ConflictException>(() => Store.UpdateStatusAsync(created with { Status = Running("node-1") }).AsTask());
        AssertSameJson(current, await Store.GetAsync(Key(created)));
    }

    [Fact]
    public async Task Update_WritesUnconditionally_WhenTheResourceVersionIsEmpty()
    {
        var created = (VirtualServer)await Store.CreateAsync(Server("web-1"));
        await Store.UpdateAsync(created with { Spec = created.Spec with { Plan = "VPS-BUSINESS" } });

        var blind = created with { Metadata = created.Metadata with { ResourceVersion = "" }, Spec = created.Spec with { Plan = "VPS-ELITE" } };
        var updated = (VirtualServer)await Store.UpdateAsync(blind);
        var status = (VirtualServer)await Store.UpdateStatusAsync(blind with { Metadata = blind.Metadata with { ResourceVersion = null }, Status = Running("node-1") });

        Assert.Equal("VPS-ELITE", updated.Spec.Plan);
        Assert.Equal(3, updated.Metadata.Generation);
        Assert.Equal("node-1", status.Status?.NodeName);
    }

    [Fact]
    public async Task UpdateStatus_ChangesTheStatusOnly()
    {
        var created = (VirtualServer)await Store.CreateAsync(Server("web-1"));

        var written = (VirtualServer)await Store.UpdateStatusAsync(created with
        {
            Metadata = created.Metadata with { Labels = new Dictionary<string, string> { ["tier"] = "gold" }, Finalizers = ["x"] },
            Spec = created.Spec with { Plan = "VPS-ELITE" },
            Status = Running("node-1"),
        });

        Assert.Equal("node-1", written.Status?.NodeName);
        Assert.Equal("VPS-STARTER", written.Spec.Plan);
        Assert.Equal("web", written.Metadata.Labels!["app"]);
        Assert.Null(written.Metadata.Finalizers);
        Assert.Equal(1, written.Metadata.Generation);
        Assert.True(RevisionOf(written) > RevisionOf(created));
        AssertSameJson(written, await Store.GetAsync(Key(created)));
    }

    [Fact]
    public async Task Operations_Throw_WhenAlreadyCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CreateAsync(Server("web-1"), cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetAsync(Key(Server("web-1")), cancelled.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ListAsync("VirtualServer", null, cancelled.Token).AsTask());
        Assert.Null(await Store.GetAsync(Key(Server("web-1"))));
    }

    [Fact]
    public async Task Events_AreStoredLikeAnyObject()
    {
        var recorded = await Store.CreateAsync(new Event
        {
            Metadata = new ObjectMeta { Name = "web-1.scheduled", Namespace = "acme" },
            InvolvedObject = new ObjectReference("VirtualServer", "acme", "web-1", null),
            Reason = "Scheduled",
            Message = "Placed on node-1.",
            FirstTimestamp = Time.GetUtcNow(),
            LastTimestamp = Time.GetUtcNow(),
        });
        var counted = (Event)await Store.UpdateAsync(((Event)recorded) with { Count = 2 });

        Assert.Equal(2, counted.Metadata.Generation);
        Assert.Equal(2, ((Event)(await Store.ListAsync(Event.KindName, "acme")).Items.Single()).Count);
    }

    /// <summary>Equal as the API shows them (records holding lists compare those by reference).</summary>
    protected static void AssertSameJson(CustomResource? expected, CustomResource? actual) =>
        Assert.Equal(Json(expected), Json(actual));

    private static string Json(CustomResource? resource) =>
        resource is null ? "null" : JsonSerializer.Serialize(resource, resource.GetType(), ApiJson.Options);
}
