using VmCloud.Api;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;
using VmCloud.Engine.Tests.Runtime.Fakes;

namespace VmCloud.Engine.Tests.Runtime;

/// <summary>Events over the real in-memory store (and the fake one where a failing store is needed).</summary>
public sealed class EventRecorderTests : IDisposable
{
    private readonly ManualTimeProvider time = new();
    private readonly MemoryStore store;
    private readonly LogCollector logs = new();
    private readonly EventRecorder recorder;

    public EventRecorderTests()
    {
        store = new MemoryStore(time);
        recorder = new EventRecorder(store, time, logs.CreateLogger("events"), new EventRecorderOptions { Source = "scheduler" });
    }

    public void Dispose() => store.Dispose();

    [Fact]
    public async Task Record_First_CreatesAnEventInTheObjectsNamespace_NamedAfterIt()
    {
        var vps = await store.CreateAsync(RuntimeObjects.Vps("web-1"));

        await recorder.NormalAsync(vps, "Scheduled", "Bound to node-1.");

        var e = Assert.Single(await recorder.ListForAsync(vps));
        Assert.Matches("^web-1\\.[0-9a-f]{10}$", e.Metadata.Name);
        Assert.Equal("acme", e.Metadata.Namespace);
        Assert.Equal(new ObjectReference("VirtualServer", "acme", "web-1", vps.Metadata.Uid), e.InvolvedObject);
        Assert.Equal((EventTypes.Normal, "Scheduled", "Bound to node-1.", "scheduler", 1), (e.Type, e.Reason, e.Message, e.Source, e.Count));
        Assert.Equal((time.GetUtcNow(), time.GetUtcNow()), (e.FirstTimestamp, e.LastTimestamp));
    }

    [Fact]
    public async Task Record_SameWithinTheWindow_FoldsIntoOneEvent()
    {
        var vps = await store.CreateAsync(RuntimeObjects.Vps("web-1"));
        var first = time.GetUtcNow();

        await recorder.WarningAsync(vps, "NodeLost", "node-1 stopped reporting.");
        time.Advance(TimeSpan.FromMinutes(9));
        await recorder.WarningAsync(vps, "NodeLost", "node-1 stopped reporting.");
        time.Advance(TimeSpan.FromMinutes(9));
        await recorder.WarningAsync(vps, "NodeLost", "node-1 stopped reporting.");

        var e = Assert.Single(await recorder.ListForAsync(vps));
        Assert.Equal(3, e.Count);
        Assert.Equal(first, e.FirstTimestamp);
        Assert.Equal(time.GetUtcNow(), e.LastTimestamp);
        Assert.Equal(EventTypes.Warning, e.Type);
    }

    [Fact]
    public async Task Record_AfterTheWindow_StartsOverAtCountOne()
    {
        var vps = await store.CreateAsync(RuntimeObjects.Vps("web-1"));
        await recorder.WarningAsync(vps, "NodeLost", "node-1 stopped reporting.");
        await recorder.WarningAsync(vps, "NodeLost", "node-1 stopped reporting.");

        time.Advance(TimeSpan.FromMinutes(11));
        await recorder.WarningAsync(vps, "NodeLost", "node-1 stopped reporting.");

        var e = Assert.Single(await recorder.ListForAsync(vps));
        Assert.Equal(1, e.Count);
        Assert.Equal(time.GetUtcNow(), e.FirstTimestamp);
    }

    [Fact]
    public async Task Record_OtherReasonTypeOrMessage_IsAnotherEvent()
    {
        var vps = await store.CreateAsync(RuntimeObjects.Vps("web-1"));

        await recorder.NormalAsync(vps, "Scheduled", "Bound to node-1.");
        await recorder.NormalAsync(vps, "Scheduled", "Bound to node-2.");
        await recorder.NormalAsync(vps, "Started", "Bound to node-1.");
        await recorder.WarningAsync(vps, "Scheduled", "Bound to node-1.");

        var events = await recorder.ListForAsync(vps);
        Assert.Equal(4, events.Count);
        Assert.Equal(4, events.Select(e => e.Metadata.Name).Distinct().Count());
    }

    [Fact]
    public async Task Record_ClusterScopedObject_GoesToNoNamespace()
    {
        var node = await store.CreateAsync(RuntimeObjects.Node("node-1"));

        await recorder.WarningAsync(node, "Unreachable", "The agent stopped reporting; check the host.");

        var e = Assert.Single(await recorder.ListForAsync(node));
        Assert.Null(e.Metadata.Namespace);
        Assert.Null(e.InvolvedObject.Namespace);
    }

    [Fact]
    public async Task ListFor_GivesOnlyThatObjectsEvents_NewestFirst()
    {
        var web1 = await store.CreateAsync(RuntimeObjects.Vps("web-1"));
        var web2 = await store.CreateAsync(RuntimeObjects.Vps("web-2"));
        await recorder.NormalAsync(web1, "Admitted", "Admitted.");
        time.Advance(TimeSpan.FromSeconds(5));
        await recorder.NormalAsync(web2, "Admitted", "Admitted.");
        time.Advance(TimeSpan.FromSeconds(5));
        await recorder.NormalAsync(web1, "Scheduled", "Bound to node-1.");
        time.Advance(TimeSpan.FromSeconds(5));
        await recorder.NormalAsync(web1, "Started", "Running on node-1.");

        var events = await recorder.ListForAsync(web1);

        Assert.Equal(["Started", "Scheduled", "Admitted"], events.Select(e => e.Reason));
        Assert.Equal(["Started", "Scheduled"], (await recorder.ListForAsync(web1, limit: 2)).Select(e => e.Reason));
    }

    [Fact]
    public async Task ListFor_ARecreatedObject_DoesNotShowItsPredecessorsEvents()
    {
        var old = await store.CreateAsync(RuntimeObjects.Vps("web-1"));
        await recorder.NormalAsync(old, "Admitted", "Admitted.");
        await store.DeleteAsync(ResourceKey.Of(old));
        var recreated = await store.CreateAsync(RuntimeObjects.Vps("web-1"));

        await recorder.NormalAsync(recreated, "Admitted", "Admitted.");

        var e = Assert.Single(await recorder.ListForAsync(recreated));
        Assert.Equal(1, e.Count);
        Assert.Equal(recreated.Metadata.Uid, e.InvolvedObject.Uid);
    }

    [Fact]
    public async Task Record_StoreFailing_IsLoggedAndSwallowed()
    {
        var failing = new FakeResourceStore { FailWrites = new IOException("disk full") };
        var quiet = new EventRecorder(failing, time, logs.CreateLogger("events"));

        await quiet.WarningAsync(RuntimeObjects.Vps("web-1"), "NodeLost", "node-1 stopped reporting.");

        Assert.Contains(logs.Lines, l => l.Contains("NodeLost", StringComparison.Ordinal) && l.Contains("disk full", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Record_Cancelled_IsSwallowed()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var vps = await store.CreateAsync(RuntimeObjects.Vps("web-1"));

        await recorder.NormalAsync(vps, "Scheduled", "Bound to node-1.", cancelled.Token);

        Assert.Empty(logs.Lines);
    }

    [Fact]
    public void NameFor_IsStable_AndDependsOnEveryPart()
    {
        var reference = new ObjectReference("VirtualServer", "acme", "web-1", "uid-1");
        var name = EventRecorder.NameFor(reference, "Normal", "Scheduled", "Bound.");

        Assert.Equal(name, EventRecorder.NameFor(reference, "Normal", "Scheduled", "Bound."));
        Assert.NotEqual(name, EventRecorder.NameFor(reference with { Uid = "uid-2" }, "Normal", "Scheduled", "Bound."));
        Assert.NotEqual(name, EventRecorder.NameFor(reference, "Warning", "Scheduled", "Bound."));
        Assert.NotEqual(name, EventRecorder.NameFor(reference, "Normal", "Started", "Bound."));
        Assert.NotEqual(name, EventRecorder.NameFor(reference, "Normal", "Scheduled", "Bound again."));
    }
}
