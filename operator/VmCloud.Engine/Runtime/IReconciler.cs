using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// One controller's logic for one kind: level-triggered (it reads the current state of the key and
/// converges it, whatever the change was) and idempotent (running it twice does no harm).
/// </summary>
public interface IReconciler
{
    /// <summary>The kind whose changes trigger this reconciler, e.g. VirtualServer.</summary>
    string Kind { get; }

    /// <summary>Converges the object with this key; it may be gone already.</summary>
    Task<ReconcileOutcome> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken);
}
