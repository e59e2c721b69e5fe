using Microsoft.Extensions.Logging;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Engine;
using VmCloud.Engine.GitSync;
using VmCloud.Engine.Sources;
using VmCloud.Engine.Store;

namespace VmCloud.Operator.Sources;

/// <summary>The operator's sources, each with its runner, and lookups by what a webhook names.</summary>
internal sealed class SourceSet : IDisposable
{
    public SourceSet(IReadOnlyList<ISourceOrigin> origins, OperatorOptions options, IResourceStore store, PolicySet policies,
        ControlPlane plane, SourceMetrics metrics, TimeProvider time, ILoggerFactory loggers)
    {
        var names = SourceNames.For([.. origins.Select(o => o.Spec)]);
        var limits = LoadLimits.Default with { FollowSymlinks = options.FollowSymlinks };
        Runners = [.. origins.Select((origin, i) =>
        {
            var sync = new SourceSync(origin, names[i], store, policies, plane.Events, time, loggers.CreateLogger<SourceSync>(), new SourceSyncOptions
            {
                Limits = limits,
                // Git is how customers change the fleet: a commit that cannot fit is refused whole.
                // A local folder is for local work: what does not fit waits for the scheduler.
                CheckCapacity = origin is GitOrigin,
            });
            metrics.Track(sync);
            return new SourceRunner(sync, options.PollInterval, metrics, time, new Random(), loggers.CreateLogger<SourceRunner>());
        })];
    }

    /// <summary>Every source's runner, in the order of the options.</summary>
    public IReadOnlyList<SourceRunner> Runners { get; }

    /// <summary>The Git sources tracking <paramref name="branch"/> of a repository known by any of <paramref name="urls"/>.</summary>
    public IEnumerable<(SourceRunner Runner, GitOrigin Origin)> Tracking(IEnumerable<string?> urls, string branch)
    {
        var wanted = urls.OfType<string>().Select(RepositoryIdentity.Of).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return Runners
            .Select(r => (Runner: r, Origin: r.Sync.Origin as GitOrigin))
            .Where(r => r.Origin is { } git && git.Remote.Branch == branch && RepositoryIdentity.Of(git.Remote.Url) is { } id && wanted.Contains(id))
            .Select(r => (r.Runner, r.Origin!));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var runner in Runners) runner.Dispose();
    }
}
