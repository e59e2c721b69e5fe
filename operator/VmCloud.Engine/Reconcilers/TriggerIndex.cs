using System.Collections.Concurrent;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Reconcilers;

/// <summary>
/// What the cross-kind triggers need to know without scanning every object: which objects wait for
/// room on some node, which are bound to each node, and which admission refused. The reconcilers
/// keep it current; the triggers only read it. Thread-safe.
/// </summary>
public sealed class TriggerIndex
{
    private readonly ConcurrentDictionary<ResourceKey, string?> placement = new();
    private readonly ConcurrentDictionary<ResourceKey, byte> refused = new();
    private readonly ConcurrentDictionary<(string Kind, ResourceKey Key), string> lastSeen = new();

    /// <summary>Notes that an object is bound to <paramref name="node"/>, or waits for room when null.</summary>
    public void Placed(ResourceKey key, string? node) => placement[key] = node;

    /// <summary>Notes the admission decision of an object.</summary>
    public void Admitted(ResourceKey key, bool allowed)
    {
        if (allowed) refused.TryRemove(key, out _);
        else refused[key] = 0;
    }

    /// <summary>Forgets an object that is gone.</summary>
    public void Gone(ResourceKey key)
    {
        placement.TryRemove(key, out _);
        refused.TryRemove(key, out _);
    }

    /// <summary>The objects of a kind waiting for room, or bound to <paramref name="node"/>.</summary>
    public IEnumerable<ResourceKey> WaitingOrBoundTo(string kind, string node) =>
        placement.Where(p => p.Key.Kind == kind && (p.Value is null || p.Value == node)).Select(p => p.Key);

    /// <summary>The refused objects of a kind in a namespace.</summary>
    public IEnumerable<ResourceKey> RefusedIn(string kind, string? ns) =>
        refused.Keys.Where(k => k.Kind == kind && k.Namespace == ns);

    /// <summary>
    /// True the first time a trigger of <paramref name="kind"/> sees this fingerprint of an object:
    /// heartbeats and status writes that change nothing a trigger cares about are skipped.
    /// </summary>
    public bool Changed(string kind, ResourceKey key, string fingerprint)
    {
        var previous = lastSeen.GetValueOrDefault((kind, key));
        lastSeen[(kind, key)] = fingerprint;
        return previous != fingerprint;
    }
}
