using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// Runs registered reconcilers against a store, level-triggered: each watched kind is listed and
/// watched once (shared by every controller that needs it), each change queues keys, and each
/// controller's workers reconcile them. Register everything, then call <see cref="RunAsync"/> once;
/// cancelling its token shuts down gracefully (see <see cref="ControllerRuntimeOptions.ShutdownGracePeriod"/>).
/// </summary>
/// <param name="store">Where objects are listed and watched.</param>
/// <param name="timeProvider">Clock and timers of queues, resyncs and retries.</param>
/// <param name="loggerFactory">Logs of the runtime.</param>
/// <param name="options">Shared settings; defaults when null.</param>
/// <param name="meterFactory">Where the <c>VmCloud.Engine</c> meter comes from; a private meter when null.</param>
/// <param name="random">Jitter source of the backoffs; <see cref="Random.Shared"/> when null.</param>
public sealed class ControllerRuntime(
    IResourceStore store,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ControllerRuntimeOptions? options = null,
    IMeterFactory? meterFactory = null,
    Random? random = null) : IDisposable
{
    private readonly ControllerRuntimeOptions options = (options ?? new ControllerRuntimeOptions()).Validate();
    private readonly ILogger logger = loggerFactory.CreateLogger<ControllerRuntime>();
    private readonly List<Controller> controllers = [];
    private readonly Dictionary<string, KindWatcher> watchers = [];
    private RuntimeMetrics? metrics;
    private int started;

    /// <summary>Adds a controller for <paramref name="reconciler"/>'s kind; before <see cref="RunAsync"/> only.</summary>
    public ControllerRegistration Register(IReconciler reconciler, ControllerOptions? controllerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        EnsureNotStarted();
        var controller = new Controller(
            reconciler, (controllerOptions ?? new ControllerOptions()).Validate(), timeProvider, random, Metrics,
            loggerFactory.CreateLogger(reconciler.GetType()));
        controllers.Add(controller);
        Metrics.Registered(controller.Kind, controller.Name);
        return new ControllerRegistration(controller, EnsureNotStarted);
    }

    /// <summary>The last seen version of every watched object of <paramref name="kind"/> (empty if not watched).</summary>
    public IReadOnlyCollection<CustomResource> Snapshot(string kind) =>
        watchers.TryGetValue(kind, out var watcher) ? [.. watcher.Objects] : [];

    /// <summary>Queues a key for every controller of its kind: for a change the store does not see (an agent's report).</summary>
    public void Requeue(ResourceKey key)
    {
        foreach (var controller in controllers)
        {
            if (controller.Kind == key.Kind) controller.Queue.Add(key);
        }
    }

    /// <summary>Watches, reconciles and resyncs until cancelled; returns once every worker has stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 1) throw new InvalidOperationException("The runtime runs only once.");
        Wire();
        logger.Starting(controllers.Count, watchers.Count);

        // Workers stop taking keys at once; reconciles in flight are cancelled only after the grace period.
        using var aborting = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        await using var onStop = cancellationToken.Register(() => aborting.CancelAfter(options.ShutdownGracePeriod)).ConfigureAwait(false);

        // Resync timers are created before the first await, so a test's clock sees them at once.
        var resyncs = controllers.Where(c => c.Options.ResyncPeriod is not null)
            .Select(c => ResyncAsync(c, new PeriodicTimer(c.Options.ResyncPeriod!.Value, timeProvider), cancellationToken))
            .ToList();
        var watching = watchers.Values.Select(w => Task.Run(() => w.RunAsync(cancellationToken), CancellationToken.None));
        var working = controllers.Select(c => c.RunWorkersAsync(cancellationToken, aborting.Token));
        await Task.WhenAll([.. resyncs, .. watching, .. working]).ConfigureAwait(false);
        logger.Stopped();
    }

    /// <summary>The queue of a registered reconciler, for diagnostics and tests.</summary>
    internal WorkQueue QueueOf(IReconciler reconciler) => controllers.Single(c => c.Name == reconciler.GetType().Name && c.Kind == reconciler.Kind).Queue;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var controller in controllers) controller.Dispose();
        metrics?.Dispose();
    }

    private RuntimeMetrics Metrics => metrics ??= new RuntimeMetrics(meterFactory, QueueDepths);

    private IEnumerable<Measurement<int>> QueueDepths() => controllers.Select(c =>
        new Measurement<int>(c.Queue.Count, new("kind", c.Kind), new("controller", c.Name)));

    private void EnsureNotStarted()
    {
        if (Volatile.Read(ref started) == 1) throw new InvalidOperationException("Register controllers before the runtime runs.");
    }

    private void Wire()
    {
        foreach (var controller in controllers)
        {
            Watcher(controller.Kind).Subscribe((_, resource) => controller.Queue.Add(ResourceKey.Of(resource)));
            foreach (var (kind, map) in controller.Triggers)
            {
                Watcher(kind).Subscribe((_, resource) =>
                {
                    foreach (var key in map(resource)) controller.Queue.Add(key);
                });
            }
        }
    }

    private KindWatcher Watcher(string kind)
    {
        if (!watchers.TryGetValue(kind, out var watcher))
        {
            watcher = new KindWatcher(kind, store, timeProvider, options, Metrics, logger);
            watchers.Add(kind, watcher);
        }

        return watcher;
    }

    private async Task ResyncAsync(Controller controller, PeriodicTimer timer, CancellationToken cancellationToken)
    {
        using (timer)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var key in watchers[controller.Kind].Keys) controller.Queue.Add(key);
                }
            }
            catch (OperationCanceledException)
            {
                // Shutting down.
            }
        }
    }
}
