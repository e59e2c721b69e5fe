using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>
/// The store in memory only: every rule of <see cref="IResourceStore"/>, nothing kept across restarts.
/// The fake for controller tests (give it a manual <see cref="TimeProvider"/>), and the state machine
/// that <see cref="EmbeddedStore"/> makes durable.
/// </summary>
public sealed class MemoryStore : StateMachineStore, IDisposable
{
    /// <summary>A store with no objects, stamping creation and deletion times from <paramref name="timeProvider"/>.</summary>
    public MemoryStore(TimeProvider? timeProvider = null, StoreOptions? options = null)
        : base(new ResourceStateMachine(timeProvider ?? TimeProvider.System, options ?? new StoreOptions()))
    {
    }

    /// <summary>Ends every watch; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => State.Dispose();
}
