using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Sources;

/// <summary>
/// Keeps a source's Source object: created with its spec on first use, and its status composed from
/// what the sync last saw — the fetch, the applied revision, the refused one — and written only
/// when it changed. What was applied survives a restart: it is read back from the stored status.
/// </summary>
internal sealed class SourceStatusWriter(string name, SourceSpec spec, IResourceStore store, TimeProvider time)
{
    private const int Attempts = 5;

    private Source? stored;
    private string? fetchError;
    private int fetchFailures;
    private (string? Commit, IReadOnlyList<ManifestError> Errors)? refusal;

    /// <summary>The Source object, created (or its spec corrected) when needed.</summary>
    public async Task<Source> ObjectAsync(CancellationToken cancellationToken)
    {
        if (stored is not null) return stored;
        var key = new ResourceKey(nameof(Source), null, name);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await store.GetAsync(key, cancellationToken) as Source;
                stored = existing is null
                    ? (Source)await store.CreateAsync(new Source { Metadata = new ObjectMeta { Name = name }, Spec = spec }, cancellationToken)
                    : existing.Spec == spec ? existing : (Source)await store.UpdateAsync(existing with { Spec = spec }, cancellationToken);
                return stored;
            }
            catch (Exception e) when (e is ConflictException or AlreadyExistsException && attempt < Attempts)
            {
                // Written meanwhile (another replica, a user): read it again.
            }
        }
    }

    /// <summary>A fetch failed; returns how many failed in a row.</summary>
    public async Task<int> FetchFailedAsync(string message, CancellationToken cancellationToken)
    {
        fetchError = message;
        fetchFailures++;
        await WriteAsync(s => s, cancellationToken);
        return fetchFailures;
    }

    /// <summary>A fetch succeeded and found <paramref name="revision"/>.</summary>
    public Task<Source> FetchedAsync(SourceRevision revision, CancellationToken cancellationToken)
    {
        fetchError = null;
        fetchFailures = 0;
        return WriteAsync(s => s with { LastFetchedCommit = revision.Commit, LastFetchTime = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary><paramref name="revision"/> was refused for <paramref name="errors"/>.</summary>
    public Task<Source> RejectedAsync(SourceRevision revision, IReadOnlyList<ManifestError> errors, CancellationToken cancellationToken)
    {
        refusal = (revision.Commit, errors);
        return FetchedAsync(revision, cancellationToken);
    }

    /// <summary><paramref name="revision"/> is applied, with <paramref name="objects"/> objects.</summary>
    public Task<Source> AppliedAsync(SourceRevision revision, int objects, CancellationToken cancellationToken)
    {
        refusal = null;
        fetchError = null;
        fetchFailures = 0;
        var now = time.GetUtcNow();
        return WriteAsync(s => s with
        {
            LastFetchedCommit = revision.Commit,
            LastFetchTime = now,
            LastAppliedCommit = revision.Commit,
            LastAppliedMessage = revision.Subject,
            // Applying the same commit again (the periodic re-apply, a restart) keeps when it was first applied.
            LastAppliedTime = revision.Commit is not null && s.LastAppliedCommit == revision.Commit ? s.LastAppliedTime ?? now : now,
            Objects = objects,
        }, cancellationToken);
    }

    private async Task<Source> WriteAsync(Func<SourceStatus, SourceStatus> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var source = await ObjectAsync(cancellationToken);
            var next = Compose(change(source.Status ?? new SourceStatus()), source.Metadata.Generation ?? 1);
            if (!StatusComparison.HasChanged(source.Status, next)) return source;
            try
            {
                return stored = (Source)await store.UpdateStatusAsync(source with { Status = next }, cancellationToken);
            }
            catch (Exception e) when (e is ConflictException or NotFoundException && attempt < Attempts)
            {
                stored = null;
            }
        }
    }

    // The failure part of the status follows from what the sync last saw: a fetch error hides a
    // refusal (the refused commit may have been fixed upstream), and a healthy source lists nothing.
    private SourceStatus Compose(SourceStatus status, long generation)
    {
        var now = time.GetUtcNow();
        var errors = fetchError is not null ? [new ManifestError(new SourceMark("", 0, 0), fetchError)] : refusal?.Errors ?? [];
        var (ready, reason, message, phase) = (fetchError, refusal) switch
        {
            ({ } error, _) => (ConditionStatus.False, "FetchFailed", $"Cannot fetch ({error}); the last good state stays applied and the fetch is retried with backoff.", "FetchFailing"),
            (null, { } refused) => (ConditionStatus.False, "Refused",
                $"{(refused.Commit is { } c ? $"Commit {c[..Math.Min(7, c.Length)]}" : "The tree")} was refused with {refused.Errors.Count} error(s); fix them in a new commit. The last good state stays applied.", "Refused"),
            _ => (ConditionStatus.True, "Applied", status.LastAppliedCommit is { } applied ? $"Commit {applied[..Math.Min(7, applied.Length)]} is applied." : "The tree is applied.", "Applied"),
        };
        return status with
        {
            ObservedGeneration = generation,
            Phase = phase,
            Conditions = Conditions.Set(status.Conditions, ConditionTypes.Ready, ready, reason, message, generation, now).Conditions,
            RejectedCommit = fetchError is null ? refusal?.Commit : status.RejectedCommit,
            Errors = [.. errors.Take(SourceError.MaxListed).Select(ToStatus)],
            ErrorCount = errors.Count,
            FailingSince = errors.Count == 0 ? null : status.FailingSince ?? now,
            ConsecutiveFetchFailures = fetchFailures,
        };
    }

    private static SourceError ToStatus(ManifestError error) => new()
    {
        File = error.At.File.Length == 0 ? null : error.At.File,
        Line = error.At.Line,
        Column = error.At.Column,
        Message = error.Subject is null ? error.Message : $"{error.Subject}: {error.Message}",
    };
}
