using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// The keys a controller still has to reconcile, after client-go's workqueue:
/// <list type="bullet">
/// <item>a key is queued at most once, however often it is added before a worker takes it;</item>
/// <item>a key being processed is never handed to a second worker: added again meanwhile, it is
/// queued once <see cref="Done"/> is called for it;</item>
/// <item><see cref="AddAfter"/> queues a key later (the earliest pending deadline of a key wins);</item>
/// <item><see cref="AddRateLimited"/> queues a failed key after its own exponential backoff or the
/// global retry bucket, whichever is longer; <see cref="Forget"/> resets the backoff.</item>
/// </list>
/// All time comes from the <see cref="TimeProvider"/>, all randomness from the given <see cref="Random"/>.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly Lock gate = new();
    private readonly Queue<ResourceKey> ready = new();
    private readonly HashSet<ResourceKey> dirty = [];
    private readonly HashSet<ResourceKey> processing = [];
    private readonly Dictionary<ResourceKey, long> dueAt = [];
    private readonly PriorityQueue<ResourceKey, long> delayed = new();
    private readonly SemaphoreSlim readyCount = new(0);
    private readonly TimeProvider time;
    private readonly RetryBackoff backoff;
    private readonly TokenBucket retryBucket;
    private readonly ITimer timer;

    /// <summary>A queue paced by <paramref name="options"/>.</summary>
    /// <param name="options">Backoff and retry rate; defaults when null.</param>
    /// <param name="timeProvider">The clock and timers.</param>
    /// <param name="random">Jitter source; <see cref="Random.Shared"/> when null.</param>
    public WorkQueue(WorkQueueOptions? options, TimeProvider timeProvider, Random? random = null)
    {
        options = (options ?? new WorkQueueOptions()).Validate();
        time = timeProvider;
        backoff = new RetryBackoff(options, random ?? Random.Shared);
        retryBucket = new TokenBucket(options.RetriesPerSecond, options.RetryBurst, timeProvider);
        timer = timeProvider.CreateTimer(_ => PromoteDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys ready to be taken.</summary>
    public int Count { get { lock (gate) return ready.Count; } }

    /// <summary>Keys waiting for a deadline (requeue after, backoff).</summary>
    public int DelayedCount { get { lock (gate) return dueAt.Count; } }

    /// <summary>Keys taken and not yet <see cref="Done"/>.</summary>
    public int ProcessingCount { get { lock (gate) return processing.Count; } }

    /// <summary>Queues the key now, unless it is queued already.</summary>
    public void Add(ResourceKey key)
    {
        bool signal;
        lock (gate) signal = AddLocked(key);
        if (signal) readyCount.Release();
    }

    /// <summary>Queues the key once <paramref name="delay"/> has passed (now when not positive).</summary>
    public void AddAfter(ResourceKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            var due = time.GetTimestamp() + (long)(delay.TotalSeconds * time.TimestampFrequency);
            if (dueAt.TryGetValue(key, out var existing) && existing <= due) return;
            dueAt[key] = due;
            delayed.Enqueue(key, due);
            ArmTimerLocked();
        }
    }

    /// <summary>Queues a failed key after its backoff or the global retry rate allows; returns that delay.</summary>
    public TimeSpan AddRateLimited(ResourceKey key)
    {
        TimeSpan delay;
        lock (gate)
        {
            var own = backoff.Next(key);
            var global = retryBucket.Reserve();
            delay = own > global ? own : global;
        }

        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Consecutive failures of the key since it last succeeded.</summary>
    public int Failures(ResourceKey key)
    {
        lock (gate) return backoff.Failures(key);
    }

    /// <summary>The key succeeded: its next failure backs off from the base delay again.</summary>
    public void Forget(ResourceKey key)
    {
        lock (gate) backoff.Forget(key);
    }

    /// <summary>Waits for a key and marks it processing; call <see cref="Done"/> when finished with it.</summary>
    public async Task<ResourceKey> TakeAsync(CancellationToken cancellationToken)
    {
        await readyCount.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            // Every Release matches exactly one key put in ready, so the queue is never empty here.
            var key = ready.Dequeue();
            dirty.Remove(key);
            processing.Add(key);
            return key;
        }
    }

    /// <summary>Ends the processing of a key; queues it again if it was added meanwhile.</summary>
    public void Done(ResourceKey key)
    {
        var signal = false;
        lock (gate)
        {
            processing.Remove(key);
            if (dirty.Contains(key))
            {
                ready.Enqueue(key);
                signal = true;
            }
        }

        if (signal) readyCount.Release();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        timer.Dispose();
        readyCount.Dispose();
    }

    private bool AddLocked(ResourceKey key)
    {
        if (!dirty.Add(key)) return false;
        if (processing.Contains(key)) return false; // Done queues it, so no second worker gets it meanwhile.
        ready.Enqueue(key);
        return true;
    }

    private void PromoteDue()
    {
        var released = 0;
        lock (gate)
        {
            var now = time.GetTimestamp();
            while (delayed.TryPeek(out var key, out var due) && due <= now)
            {
                delayed.Dequeue();

                // A key re-added with an earlier deadline leaves its older entry behind: skip those.
                if (!dueAt.TryGetValue(key, out var current) || current != due) continue;
                dueAt.Remove(key);
                if (AddLocked(key)) released++;
            }

            ArmTimerLocked();
        }

        if (released > 0) readyCount.Release(released);
    }

    private void ArmTimerLocked()
    {
        // Drop stale entries first so the timer never fires for a deadline that was superseded.
        while (delayed.TryPeek(out var key, out var due) && (!dueAt.TryGetValue(key, out var current) || current != due))
            delayed.Dequeue();

        if (!delayed.TryPeek(out _, out var next))
        {
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // Rounded up: a timer that fired a tick early would find nothing due and spin.
        var remaining = Math.Max(0, next - time.GetTimestamp());
        var wait = TimeSpan.FromTicks((long)Math.Ceiling(remaining * (double)TimeSpan.TicksPerSecond / time.TimestampFrequency));
        timer.Change(wait, Timeout.InfiniteTimeSpan);
    }
}
