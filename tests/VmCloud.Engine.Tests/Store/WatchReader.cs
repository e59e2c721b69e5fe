using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Store;

/// <summary>Reads a watch one change at a time, failing the test when a change does not come in time.</summary>
internal sealed class WatchReader : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource cancellation = new();
    private readonly IAsyncEnumerator<WatchEvent> changes;

    public WatchReader(IResourceStore store, string? kind, long fromRevision) =>
        changes = store.WatchAsync(kind, fromRevision, cancellation.Token).GetAsyncEnumerator(cancellation.Token);

    public async Task<WatchEvent> NextAsync()
    {
        var moved = await changes.MoveNextAsync().AsTask().WaitAsync(Deadline);
        Assert.True(moved, "the watch ended");
        return changes.Current;
    }

    public async Task<List<WatchEvent>> NextAsync(int count)
    {
        var result = new List<WatchEvent>();
        for (var i = 0; i < count; i++) result.Add(await NextAsync());
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await cancellation.CancelAsync();
        try
        {
            await changes.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or NotSupportedException)
        {
            // A test that timed out leaves a read pending; the watch ends with the cancellation anyway.
        }

        cancellation.Dispose();
    }
}
