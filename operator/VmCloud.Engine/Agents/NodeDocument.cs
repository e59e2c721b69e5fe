using VmCloud.Api.Agents;

namespace VmCloud.Engine.Agents;

/// <summary>
/// One node's desired document as the hub keeps it: entries by uid, the uids to remove (with the
/// revision at which each was asked), a revision that grows with every change, and a signal for the
/// long-polls waiting on it. Not thread-safe: the hub holds its lock around every use.
/// </summary>
internal sealed class NodeDocument(string node, long revision)
{
    private static readonly string[] None = [];
    private readonly SortedDictionary<string, DesiredServer> servers = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, DesiredVolume> volumes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> removing = new(StringComparer.Ordinal);
    private TaskCompletionSource changed = NewSignal();
    private DesiredDocument? document;

    /// <summary>Grows with every change of content; an agent echoes the one it applied.</summary>
    public long Revision { get; private set; } = revision;

    /// <summary>Completes at the next change.</summary>
    public Task Changed => changed.Task;

    /// <summary>The uids to remove and the revision at which each was asked.</summary>
    public IReadOnlyDictionary<string, long> Removing => removing;

    /// <summary>The document, built once per revision.</summary>
    public DesiredDocument Document => document ??= new DesiredDocument(
        AgentProtocol.Version, node, Revision, [.. servers.Values], [.. volumes.Values], [.. removing.Keys]);

    /// <summary>Puts <paramref name="entry"/> for its uid (null: the uid has nothing here); true when the content changed.</summary>
    public bool Set(string uid, NodeEntry? entry, long storeRevision)
    {
        var changes = entry?.Server is { } server ? Put(servers, uid, server, Same) : servers.Remove(uid);
        changes |= entry?.Volume is { } volume ? Put(volumes, uid, volume, (a, b) => a == b) : volumes.Remove(uid);
        if (entry is { Removing: true }) changes |= removing.TryAdd(uid, 0);
        else changes |= removing.Remove(uid);
        if (changes) Bump(storeRevision, entry is { Removing: true } ? uid : null);
        return changes;
    }

    /// <summary>Asks the agent to remove an orphan the operator confirmed has no owner; true when new.</summary>
    public bool RemoveOrphan(string uid, long storeRevision)
    {
        if (servers.ContainsKey(uid) || volumes.ContainsKey(uid) || !removing.TryAdd(uid, 0)) return false;
        Bump(storeRevision, uid);
        return true;
    }

    /// <summary>Forgets a removal the agent confirmed for an orphan (its owner never comes back).</summary>
    public void ForgetOrphan(string uid, long storeRevision)
    {
        if (removing.Remove(uid)) Bump(storeRevision, null);
    }

    /// <summary>Gives the document a new revision with the same content (after the hub read the store again).</summary>
    public void Renew(long storeRevision) => Bump(storeRevision, null);

    // Strictly increasing, and at least the store's revision, so a revision means "this content or later".
    private void Bump(long storeRevision, string? removedUid)
    {
        Revision = Math.Max(Revision + 1, storeRevision);
        if (removedUid is not null) removing[removedUid] = Revision;
        document = null;
        var signal = changed;
        changed = NewSignal();
        signal.TrySetResult();
    }

    private static bool Put<T>(SortedDictionary<string, T> entries, string uid, T value, Func<T, T, bool> same)
    {
        if (entries.TryGetValue(uid, out var old) && same(old, value)) return false;
        entries[uid] = value;
        return true;
    }

    // Records compare lists by reference: compare their content.
    private static bool Same(DesiredServer a, DesiredServer b) =>
        a with { SshKeys = None, GpuPciAddresses = None, VolumeUids = None } == b with { SshKeys = None, GpuPciAddresses = None, VolumeUids = None }
        && a.SshKeys.SequenceEqual(b.SshKeys) && a.GpuPciAddresses.SequenceEqual(b.GpuPciAddresses) && a.VolumeUids.SequenceEqual(b.VolumeUids);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
