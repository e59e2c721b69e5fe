using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>A reconciler registered with a <see cref="ControllerRuntime"/>; adds triggers from other kinds.</summary>
public sealed class ControllerRegistration
{
    private readonly Controller controller;
    private readonly Action ensureNotStarted;

    internal ControllerRegistration(Controller controller, Action ensureNotStarted)
    {
        this.controller = controller;
        this.ensureNotStarted = ensureNotStarted;
    }

    /// <summary>The queue of the controller, for diagnostics and tests.</summary>
    internal WorkQueue Queue => controller.Queue;

    /// <summary>
    /// Also reconciles when an object of <paramref name="kind"/> changes (added, modified or deleted):
    /// <paramref name="map"/> turns the changed object into the keys of this controller's kind to queue,
    /// e.g. a HypervisorNode into the VirtualServers bound to it. Deleted objects are passed as last seen.
    /// The mapping runs on the watch's thread: keep it quick and free of I/O
    /// (<see cref="ControllerRuntime.Snapshot"/> gives the watched objects of a kind without a store call).
    /// </summary>
    public ControllerRegistration Watches(string kind, Func<CustomResource, IEnumerable<ResourceKey>> map)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(map);
        ensureNotStarted();
        controller.Triggers.Add((kind, map));
        return this;
    }

    /// <summary>The same trigger for several kinds (none is fine).</summary>
    public ControllerRegistration Watches(IEnumerable<string> kinds, Func<CustomResource, IEnumerable<ResourceKey>> map)
    {
        foreach (var kind in kinds) Watches(kind, map);
        return this;
    }
}
