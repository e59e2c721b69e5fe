using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// One registered reconciler with its own queue and workers. Workers take a key, reconcile it, and
/// turn the outcome into what happens next: Done forgets the backoff (and requeues after its delay if
/// given), Waiting requeues after its delay, Stalled waits for the next change, an exception backs off.
/// </summary>
internal sealed class Controller : IDisposable
{
    private readonly IReconciler reconciler;
    private readonly TimeProvider time;
    private readonly RuntimeMetrics metrics;
    private readonly ILogger logger;

    public Controller(IReconciler reconciler, ControllerOptions options, TimeProvider time, Random? random, RuntimeMetrics metrics, ILogger logger)
    {
        this.reconciler = reconciler;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
        Options = options;
        Name = reconciler.GetType().Name;
        Queue = new WorkQueue(options.Queue, time, random);
    }

    public string Kind => reconciler.Kind;

    /// <summary>The reconciler's type name, for logs and metric tags.</summary>
    public string Name { get; }

    public ControllerOptions Options { get; }

    public WorkQueue Queue { get; }

    /// <summary>Other kinds whose changes queue keys of this controller, with their mapping.</summary>
    public List<(string Kind, Func<CustomResource, IEnumerable<ResourceKey>> Map)> Triggers { get; } = [];

    /// <summary>
    /// Runs the workers until <paramref name="stopping"/> is cancelled. Reconciles get
    /// <paramref name="aborting"/> instead, which is cancelled later, so work in flight can finish.
    /// </summary>
    public Task RunWorkersAsync(CancellationToken stopping, CancellationToken aborting) =>
        Task.WhenAll(Enumerable.Range(0, Options.Workers).Select(_ => Task.Run(() => WorkAsync(stopping, aborting), CancellationToken.None)));

    public void Dispose() => Queue.Dispose();

    private async Task WorkAsync(CancellationToken stopping, CancellationToken aborting)
    {
        while (true)
        {
            ResourceKey key;
            try
            {
                key = await Queue.TakeAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ReconcileAsync(key, aborting).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        ReconcileOutcome? outcome;
        try
        {
            outcome = await reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the next start lists everything and reconciles this key again.
            metrics.Reconciled(Kind, Name, "cancelled", time.GetElapsedTime(started));
            return;
        }
        catch (Exception ex)
        {
            metrics.Reconciled(Kind, Name, "error", time.GetElapsedTime(started));
            metrics.Failed(Kind, Name);
            var delay = Queue.AddRateLimited(key);
            logger.ReconcileFailed(ex, key, Name, Queue.Failures(key), delay);
            return;
        }

        metrics.Reconciled(Kind, Name, OutcomeName(outcome), time.GetElapsedTime(started));
        Apply(key, outcome);
    }

    private void Apply(ResourceKey key, ReconcileOutcome? outcome)
    {
        switch (outcome)
        {
            case DoneOutcome done:
                Queue.Forget(key);
                if (done.RequeueAfter is { } after) Queue.AddAfter(key, after);
                break;
            case WaitingOutcome waiting:
                // Waiting is progress, not failure: the delay is the reconciler's, not the backoff's.
                Queue.Forget(key);
                Queue.AddAfter(key, waiting.RequeueAfter);
                logger.ReconcileWaiting(key, Name, waiting.Reason, waiting.RequeueAfter);
                break;
            case StalledOutcome stalled:
                Queue.Forget(key);
                logger.ReconcileStalled(key, Name, stalled.Reason, stalled.Message);
                break;
            default:
                // A null (or unknown) outcome is a reconciler bug; retrying beats silently dropping the key.
                metrics.Failed(Kind, Name);
                logger.NoOutcome(key, Name, Queue.AddRateLimited(key));
                break;
        }
    }

    private static string OutcomeName(ReconcileOutcome? outcome) => outcome switch
    {
        DoneOutcome => "done",
        WaitingOutcome => "waiting",
        StalledOutcome => "stalled",
        _ => "error",
    };
}
