using System.Collections.Concurrent;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Runtime.Fakes;

/// <summary>
/// A reconciler that counts its calls per key, notes if a key was ever reconciled twice at once, and
/// answers with what <see cref="Respond"/> says (Done by default).
/// </summary>
internal sealed class ScriptedReconciler(string kind) : IReconciler
{
    private readonly ConcurrentDictionary<ResourceKey, int> calls = new();
    private readonly ConcurrentDictionary<ResourceKey, int> inFlight = new();
    private int total;

    public string Kind => kind;

    /// <summary>The answer for a key and its call number (1-based); may throw to play a failure.</summary>
    public Func<ResourceKey, int, ReconcileOutcome> Respond { get; set; } = (_, _) => ReconcileOutcome.Done();

    /// <summary>Awaited inside each reconcile, to hold it in flight.</summary>
    public Func<ResourceKey, CancellationToken, Task> During { get; set; } = (_, _) => Task.CompletedTask;

    public int Total => Volatile.Read(ref total);

    public bool OverlapSeen { get; private set; }

    public int Calls(ResourceKey key) => calls.GetValueOrDefault(key);

    public async Task<ReconcileOutcome> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1) OverlapSeen = true;
        try
        {
            var call = calls.AddOrUpdate(key, 1, (_, n) => n + 1);
            await During(key, cancellationToken);
            return Respond(key, call);
        }
        finally
        {
            inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            Interlocked.Increment(ref total);
        }
    }
}
