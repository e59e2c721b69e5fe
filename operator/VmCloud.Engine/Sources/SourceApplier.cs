using System.Collections.Concurrent;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Planning;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Sources;

/// <summary>What applying a source's objects did.</summary>
public sealed record ApplyResult(int Created, int Updated, int Deleted, IReadOnlyList<string> Conflicts);

/// <summary>
/// Writes a source's validated objects into the store: creates what is new, updates what changed,
/// and prunes what this source created that is gone from it. Each object records its source in an
/// annotation, so objects of other sources (another repository, kubectl) are never touched.
/// </summary>
public static class SourceApplier
{
    /// <summary>The annotation naming the source that owns an object.</summary>
    public const string SourceAnnotation = "vmcloud.io/source";

    private const int Attempts = 5;
    private const int ConcurrentWrites = 64;

    /// <summary>Makes the store hold exactly <paramref name="desired"/> for the source <paramref name="source"/>.</summary>
    /// <remarks>
    /// Writes run many at a time: a durable store commits concurrent writes with one fsync, so a
    /// source of ten thousand objects takes seconds rather than ten thousand disk flushes.
    /// </remarks>
    public static async Task<ApplyResult> ApplyAsync(string source, IReadOnlyCollection<CustomResource> desired, IResourceStore store, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentBag<(ResourceKey Key, Outcome Outcome)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentWrites, CancellationToken = cancellationToken };

        // Tenants first: admission looks for an object's tenant when it is created.
        foreach (var batch in desired.GroupBy(o => o is Tenant ? 0 : 1).OrderBy(g => g.Key))
            await Parallel.ForEachAsync(batch, parallel, async (resource, ct) =>
                outcomes.Add((ResourceKey.Of(resource), await WriteAsync(Owned(resource, source), source, store, ct))));

        var wanted = desired.Select(ResourceKey.Of).ToHashSet();
        var stale = new List<ResourceKey>();
        foreach (var kind in Kinds.All.Reverse())
            stale.AddRange((await store.ListAsync(kind.Kind, null, cancellationToken)).Items
                .Where(o => o.Metadata.Annotations?.GetValueOrDefault(SourceAnnotation) == source && !wanted.Contains(ResourceKey.Of(o)))
                .Select(ResourceKey.Of));
        await Parallel.ForEachAsync(stale, parallel, async (key, ct) => await store.DeleteAsync(key, null, ct));

        var conflicts = outcomes.Where(o => o.Outcome == Outcome.OwnedElsewhere)
            .Select(o => $"{o.Key} belongs to another source; it was left as it is").Order(StringComparer.Ordinal).ToList();
        return new ApplyResult(outcomes.Count(o => o.Outcome == Outcome.Created), outcomes.Count(o => o.Outcome == Outcome.Updated), stale.Count, conflicts);
    }

    private enum Outcome { Unchanged, Created, Updated, OwnedElsewhere }

    private static async Task<Outcome> WriteAsync(CustomResource desired, string source, IResourceStore store, CancellationToken cancellationToken)
    {
        var key = ResourceKey.Of(desired);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetAsync(key, cancellationToken);
            try
            {
                if (existing is null)
                {
                    await store.CreateAsync(desired, cancellationToken);
                    return Outcome.Created;
                }
                if (existing.Metadata.Annotations?.GetValueOrDefault(SourceAnnotation) is { } owner && owner != source) return Outcome.OwnedElsewhere;
                if (ChangeSet.SameDesiredState(existing, desired)) return Outcome.Unchanged;
                await store.UpdateAsync(desired with
                {
                    Metadata = existing.Metadata with { Labels = desired.Metadata.Labels, Annotations = desired.Metadata.Annotations },
                }, cancellationToken);
                return Outcome.Updated;
            }
            catch (Exception e) when (e is ConflictException or AlreadyExistsException && attempt < Attempts)
            {
                // A controller wrote the object meanwhile: read it again.
            }
        }
    }

    private static CustomResource Owned(CustomResource resource, string source)
    {
        var annotations = new Dictionary<string, string>(resource.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            [SourceAnnotation] = source,
        };
        return resource with { Metadata = resource.Metadata with { Annotations = annotations } };
    }
}
