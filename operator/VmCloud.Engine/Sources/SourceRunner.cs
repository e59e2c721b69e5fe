using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace VmCloud.Engine.Sources;

/// <summary>
/// Runs one source's syncs: at start, then every poll interval with ±10% jitter (so many operators
/// or sources do not hit a Git host in step), at once when <see cref="Wake"/> is called (a webhook
/// push), and — while fetches fail — after a backoff that doubles from one interval up to
/// <see cref="MaxBackoff"/>. A sync that throws keeps the last applied state and is retried the same way.
/// </summary>
public sealed partial class SourceRunner(SourceSync sync, TimeSpan interval, SourceMetrics metrics, TimeProvider time, Random random, ILogger logger) : IDisposable
{
    /// <summary>The longest wait between retries of a failing source.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim wake = new(0, 1);
    private int failures;

    /// <summary>The sync this runner drives.</summary>
    public SourceSync Sync => sync;

    /// <summary>
    /// Held during a sync. Others that use the source's origin (the pull-request planner fetching
    /// into the same Git mirror) take it too, so two git processes never write one repository.
    /// </summary>
    public SemaphoreSlim Exclusive { get; } = new(1, 1);

    /// <summary>Completes after the first sync, applied or not.</summary>
    public Task FirstSync => firstSync.Task;

    private readonly TaskCompletionSource firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Asks for a sync now; calls while one is pending fold into it.</summary>
    public void Wake()
    {
        metrics.Woken(sync.Name);
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A sync is already asked for.
        }
    }

    /// <summary>Syncs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var ok = await SyncOnceAsync(cancellationToken);
            firstSync.TrySetResult();
            failures = ok ? 0 : failures + 1;
            await WaitAsync(NextDelay(), cancellationToken);
        }
    }

    /// <summary>One sync, now. False when the origin could not be read or the sync failed.</summary>
    public async Task<bool> SyncOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Exclusive.WaitAsync(cancellationToken);
        try
        {
            var result = await sync.SyncAsync(cancellationToken);
            var fetched = result.Revision is not null || result.Applied;
            metrics.Synced(sync.Name, !fetched ? "fetch_failed" : result.Applied ? "applied" : "refused", Stopwatch.GetElapsedTime(started));
            return fetched;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSyncFailed(sync.Name, e.Message);
            metrics.Synced(sync.Name, "error", Stopwatch.GetElapsedTime(started));
            return false;
        }
        finally
        {
            Exclusive.Release();
        }
    }

    private TimeSpan NextDelay()
    {
        var baseDelay = failures == 0
            ? interval
            : TimeSpan.FromTicks((long)Math.Min(Math.Max(interval.Ticks, MaxBackoff.Ticks), interval.Ticks * Math.Pow(2, failures - 1)));
        return baseDelay * (0.9 + 0.2 * random.NextDouble());
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay, time, either.Token);
        var woken = wake.WaitAsync(either.Token);
        await Task.WhenAny(sleep, woken);
        await either.CancelAsync();
        await Task.WhenAll(sleep, woken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        wake.Dispose();
        Exclusive.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: sync failed, the last applied state stays; retrying with backoff: {Reason}")]
    private partial void LogSyncFailed(string source, string reason);
}
