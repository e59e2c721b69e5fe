using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;
using VmCloud.Engine.Tests.Runtime.Fakes;

namespace VmCloud.Engine.Tests.Runtime;

/// <summary>How the runtime feeds a reconciler and acts on its outcomes.</summary>
public sealed class ControllerRuntimeTests : IAsyncDisposable
{
    private static readonly ResourceKey A = RuntimeObjects.VpsKey("a");
    private static readonly ResourceKey B = RuntimeObjects.VpsKey("b");

    private readonly RuntimeHarness harness = new();
    private readonly ScriptedReconciler reconciler = new(nameof(VirtualServer));

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    [Fact]
    public async Task Run_ReconcilesEveryExistingObjectOnce()
    {
        await CreateAsync("a", "b", "c");
        var queue = Start();

        await Eventually.TrueAsync(() => reconciler.Total == 3);
        await RuntimeHarness.IdleAsync(queue);
        Assert.All(new[] { "a", "b", "c" }, n => Assert.Equal(1, reconciler.Calls(RuntimeObjects.VpsKey(n))));
    }

    [Fact]
    public async Task Changes_AfterStart_AreReconciled()
    {
        var a = await CreateAsync("a");
        Start();
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 1);

        await harness.Store.UpdateAsync(a[0] with { Metadata = a[0].Metadata with { Labels = new Dictionary<string, string> { ["x"] = "1" } } });
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2);

        await harness.Store.CreateAsync(RuntimeObjects.Vps("b"));
        await Eventually.TrueAsync(() => reconciler.Calls(B) == 1);

        await harness.Store.DeleteAsync(A);
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 3, because: () => "a delete is reconciled too");
    }

    [Fact]
    public async Task Key_ChangedWhileBeingReconciled_IsReconciledOnceMoreAfter_NeverInParallel()
    {
        var objects = await CreateAsync("a", "b");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        reconciler.During = (key, _) => key == A && reconciler.Calls(A) == 1 ? release.Task : Task.CompletedTask;
        Start(workers: 4);
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 1 && reconciler.Calls(B) == 1);

        for (var i = 0; i < 5; i++) objects[0] = await harness.Store.UpdateAsync(objects[0] with { Metadata = objects[0].Metadata with { ResourceVersion = null, Labels = new Dictionary<string, string> { ["i"] = $"{i}" } } });
        await harness.Store.UpdateAsync(objects[1] with { Metadata = objects[1].Metadata with { Labels = new Dictionary<string, string> { ["seen"] = "yes" } } });

        // The watch is ordered: once b's change is reconciled, a's five changes have been queued too.
        await Eventually.TrueAsync(() => reconciler.Calls(B) == 2);
        Assert.Equal(1, reconciler.Calls(A));

        release.SetResult();
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2);
        await RuntimeHarness.IdleAsync(harness.Runtime.QueueOf(reconciler));
        Assert.Equal(2, reconciler.Calls(A));
        Assert.False(reconciler.OverlapSeen);
    }

    [Fact]
    public async Task ManyWorkers_UnderChurn_NeverReconcileOneKeyTwiceAtOnce()
    {
        var objects = await CreateAsync(Enumerable.Range(0, 20).Select(i => $"vm{i}").ToArray());
        reconciler.During = async (_, _) => await Task.Yield();
        var queue = Start(workers: 8);
        await Eventually.TrueAsync(() => reconciler.Total == objects.Count);

        for (var round = 0; round < 10; round++)
        {
            foreach (var o in objects)
                await harness.Store.UpdateAsync(o with { Metadata = o.Metadata with { ResourceVersion = null, Labels = new Dictionary<string, string> { ["r"] = $"{round}" } } });
            await Task.Yield();
        }

        await Eventually.TrueAsync(() => objects.All(o => reconciler.Calls(ResourceKey.Of(o)) >= 2));
        await RuntimeHarness.IdleAsync(queue);
        Assert.False(reconciler.OverlapSeen);
    }

    [Fact]
    public async Task Done_WithRequeueAfter_ReconcilesAgainOnlyAfterTheDelay()
    {
        await CreateAsync("a");
        reconciler.Respond = (_, call) => ReconcileOutcome.Done(call == 1 ? TimeSpan.FromSeconds(30) : null);
        var queue = Start();
        await RuntimeHarness.IdleAsync(queue, delayed: 1);

        harness.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, queue.DelayedCount);
        Assert.Equal(1, reconciler.Calls(A));

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2);
        await RuntimeHarness.IdleAsync(queue);
    }

    [Fact]
    public async Task Waiting_RequeuesAfterItsDelay()
    {
        await CreateAsync("a");
        reconciler.Respond = (_, call) => call == 1 ? ReconcileOutcome.Waiting("AgentSilent", TimeSpan.FromSeconds(15)) : ReconcileOutcome.Done();
        var queue = Start();
        await RuntimeHarness.IdleAsync(queue, delayed: 1);

        harness.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(1, queue.DelayedCount);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2);
        Assert.Equal(0, queue.Failures(A));
    }

    [Fact]
    public async Task Stalled_IsNotRequeued_UntilTheObjectChanges()
    {
        var a = await CreateAsync("a");
        reconciler.Respond = (_, _) => ReconcileOutcome.Stalled("PlanUnknown", "Pick a plan from the catalogue.");
        var queue = Start();
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 1);
        await RuntimeHarness.IdleAsync(queue);

        harness.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, queue.Count + queue.DelayedCount);
        Assert.Equal(1, reconciler.Calls(A));

        await harness.Store.UpdateAsync(a[0] with { Metadata = a[0].Metadata with { Labels = new Dictionary<string, string> { ["fixed"] = "yes" } } });
        await Eventually.TrueAsync(() => reconciler.Calls(A) == 2);
    }

    [Fact]
    public async Task Exception_IsRetriedWithDoublingBackoff_ThenForgottenOnSuccess()
    {
        await CreateAsync("a");
        reconciler.Respond = (_, call) => call <= 3 ? throw new IOException("store unreachable") : ReconcileOutcome.Done();
        var queue = Start(queueOptions: new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60) });

        // Failures 1, 2, 3 wait 1 s, 2 s, 4 s.
        foreach (var (wait, calls) in new[] { (1, 1), (2, 2), (4, 3) })
        {
            await RuntimeHarness.IdleAsync(queue, delayed: 1);
            Assert.Equal(calls, reconciler.Calls(A));
            Assert.Equal(calls, queue.Failures(A));
            harness.Time.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, queue.DelayedCount);
            harness.Time.Advance(TimeSpan.FromMilliseconds(1));
            await Eventually.TrueAsync(() => reconciler.Calls(A) == calls + 1);
        }

        await RuntimeHarness.IdleAsync(queue);
        Assert.Equal(0, queue.Failures(A));
    }

    [Fact]
    public async Task NullOutcome_IsTreatedAsAFailure()
    {
        await CreateAsync("a");
        reconciler.Respond = (_, call) => call == 1 ? null! : ReconcileOutcome.Done();
        var queue = Start();

        await RuntimeHarness.IdleAsync(queue, delayed: 1);
        Assert.Equal(1, queue.Failures(A));
    }

    [Fact]
    public async Task Register_AfterRun_Throws()
    {
        Start();

        Assert.Throws<InvalidOperationException>(() => harness.Runtime.Register(new ScriptedReconciler(nameof(HypervisorNode))));
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Runtime.RunAsync(CancellationToken.None));
    }

    private WorkQueue Start(int workers = 1, WorkQueueOptions? queueOptions = null)
    {
        harness.Runtime.Register(reconciler, RuntimeHarness.Options(workers, queue: queueOptions));
        harness.Start();
        return harness.Runtime.QueueOf(reconciler);
    }

    private async Task<List<CustomResource>> CreateAsync(params string[] names)
    {
        var created = new List<CustomResource>();
        foreach (var name in names) created.Add(await harness.Store.CreateAsync(RuntimeObjects.Vps(name)));
        return created;
    }
}
