namespace VmCloud.Engine.Store.Durability;

/// <summary>
/// The highest revision on disk, and the writers and readers waiting for theirs. Once the disk fails
/// every waiter, present and future, gets the failure: nothing after it can be acknowledged.
/// </summary>
internal sealed class DurableWatermark(long durable)
{
    private readonly Lock gate = new();
    private readonly PriorityQueue<TaskCompletionSource, long> waiters = new();
    private long durable = durable;
    private Exception? failure;

    public long Durable => Volatile.Read(ref durable);

    public Exception? Failure => Volatile.Read(ref failure);

    public ValueTask WaitAsync(long revision)
    {
        if (revision <= Volatile.Read(ref durable)) return ValueTask.CompletedTask;
        lock (gate)
        {
            if (failure is not null) return ValueTask.FromException(failure);
            if (revision <= durable) return ValueTask.CompletedTask;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Enqueue(waiter, revision);
            return new ValueTask(waiter.Task);
        }
    }

    public void Advance(long revision)
    {
        var done = new List<TaskCompletionSource>();
        lock (gate)
        {
            Volatile.Write(ref durable, revision);
            while (waiters.TryPeek(out _, out var waited) && waited <= revision) done.Add(waiters.Dequeue());
        }

        foreach (var waiter in done) waiter.TrySetResult();
    }

    public void Fail(Exception exception)
    {
        List<TaskCompletionSource> failed;
        lock (gate)
        {
            Volatile.Write(ref failure, failure ?? exception);
            failed = [.. waiters.UnorderedItems.Select(item => item.Element)];
            waiters.Clear();
        }

        foreach (var waiter in failed) waiter.TrySetException(failure);
    }
}
