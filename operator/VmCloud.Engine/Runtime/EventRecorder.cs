using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// Writes <see cref="Event"/>s about objects into the store, for <c>vmcl describe</c>. Call it on
/// transitions only (e.g. when <see cref="ConditionUpdate.Transitioned"/>), not on every reconcile.
/// An event's name is <c>&lt;object-name&gt;.&lt;hash&gt;</c> of (object, type, reason, message), so a
/// repeat finds its earlier occurrence in the store — across restarts and replicas — and folds into it.
/// Recording never fails a reconcile: store errors are logged and swallowed.
/// </summary>
/// <param name="store">Where events are kept (kind <see cref="Event.KindName"/>).</param>
/// <param name="timeProvider">Timestamps and the fold window.</param>
/// <param name="logger">Where recording failures go.</param>
/// <param name="options">Source and fold window; defaults when null.</param>
public sealed class EventRecorder(IResourceStore store, TimeProvider timeProvider, ILogger logger, EventRecorderOptions? options = null)
{
    private readonly EventRecorderOptions options = (options ?? new EventRecorderOptions()).Validate();

    /// <summary>Records a Normal event.</summary>
    public Task NormalAsync(CustomResource involved, string reason, string message, CancellationToken cancellationToken = default) =>
        RecordAsync(involved, EventTypes.Normal, reason, message, cancellationToken);

    /// <summary>Records a Warning event.</summary>
    public Task WarningAsync(CustomResource involved, string reason, string message, CancellationToken cancellationToken = default) =>
        RecordAsync(involved, EventTypes.Warning, reason, message, cancellationToken);

    /// <summary>Records an event about <paramref name="involved"/>, folding it into a recent identical one.</summary>
    public async Task RecordAsync(CustomResource involved, string type, string reason, string message, CancellationToken cancellationToken = default)
    {
        var reference = Reference(involved);
        var key = new ResourceKey(Event.KindName, reference.Namespace, NameFor(reference, type, reason, message));
        try
        {
            for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
            {
                if (await TryWriteAsync(key, reference, type, reason, message, cancellationToken).ConfigureAwait(false)) return;
            }

            logger.EventContended(reason, ResourceKey.Of(involved), options.MaxAttempts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: losing an event is better than delaying the stop.
        }
        catch (Exception ex)
        {
            logger.EventFailed(ex, reason, ResourceKey.Of(involved));
        }
    }

    /// <summary>The events about an object, most recent first.</summary>
    public async Task<IReadOnlyList<Event>> ListForAsync(CustomResource involved, int limit = 50, CancellationToken cancellationToken = default)
    {
        var reference = Reference(involved);
        var list = await store.ListAsync(Event.KindName, reference.Namespace, cancellationToken).ConfigureAwait(false);
        return list.Items.OfType<Event>()
            .Where(e => Refers(e.InvolvedObject, reference))
            .OrderByDescending(e => e.LastTimestamp)
            .ThenByDescending(e => e.Metadata.Name, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    /// <summary>The event name of an occurrence: <c>&lt;object-name&gt;.&lt;10 hex digits&gt;</c>.</summary>
    public static string NameFor(ObjectReference involved, string type, string reason, string message)
    {
        // The uid tells apart an object from a deleted and recreated one of the same name.
        var identity = string.Join('\n', involved.Uid ?? "", involved.Kind, involved.Namespace ?? "", involved.Name, type, reason, message);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return $"{involved.Name}.{Convert.ToHexStringLower(hash.AsSpan(0, 5))}";
    }

    private static ObjectReference Reference(CustomResource resource) =>
        new(resource.Kind, resource.Metadata.Namespace, resource.Metadata.Name, resource.Metadata.Uid);

    private static bool Refers(ObjectReference candidate, ObjectReference involved) =>
        candidate.Kind == involved.Kind && candidate.Namespace == involved.Namespace && candidate.Name == involved.Name
        && (involved.Uid is null || candidate.Uid == involved.Uid);

    private async Task<bool> TryWriteAsync(
        ResourceKey key, ObjectReference reference, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var existing = await store.GetAsync(key, cancellationToken).ConfigureAwait(false) as Event;
        try
        {
            if (existing is null)
            {
                await store.CreateAsync(Occurrence(key, reference, type, reason, message, now), cancellationToken).ConfigureAwait(false);
            }
            else if (Refers(existing.InvolvedObject, reference) && now - existing.LastTimestamp <= options.FoldWindow)
            {
                // The stored resourceVersion rides along, so a concurrent fold conflicts instead of losing a count.
                await store.UpdateAsync(existing with { Count = existing.Count + 1, LastTimestamp = now }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var fresh = Occurrence(key, reference, type, reason, message, now);
                await store.UpdateAsync(fresh with { Metadata = existing.Metadata }, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception ex) when (ex is ConflictException or AlreadyExistsException or NotFoundException)
        {
            return false; // Someone else wrote it meanwhile: read again and fold into theirs.
        }
    }

    private Event Occurrence(ResourceKey key, ObjectReference reference, string type, string reason, string message, DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta { Name = key.Name, Namespace = key.Namespace },
        InvolvedObject = reference,
        Type = type,
        Reason = reason,
        Message = message,
        Source = options.Source,
        Count = 1,
        FirstTimestamp = now,
        LastTimestamp = now,
    };
}
