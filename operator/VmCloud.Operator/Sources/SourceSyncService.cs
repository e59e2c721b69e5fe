using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Operator.Sources;

/// <summary>
/// Runs every source for the host's lifetime. At start it removes the Source objects of sources
/// no longer configured (what they applied stays, owned by their name), and /readyz turns ready
/// once every source has synced once, applied or not.
/// </summary>
internal sealed partial class SourceSyncService(SourceSet sources, IResourceStore store, Readiness readiness, ILogger<SourceSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RemoveUnconfiguredAsync(stoppingToken);
        var running = sources.Runners.Select(r => r.RunAsync(stoppingToken)).ToList();
        await Task.WhenAny(Task.WhenAll(sources.Runners.Select(r => r.FirstSync)), Task.WhenAll(running));
        readiness.SourcesSynced = true;
        try
        {
            await Task.WhenAll(running);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RemoveUnconfiguredAsync(CancellationToken cancellationToken)
    {
        var configured = sources.Runners.Select(r => r.Sync.ObjectName).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in (await store.ListAsync(nameof(Source), null, cancellationToken)).Items.Where(s => !configured.Contains(s.Metadata.Name)))
        {
            LogRemoved(stale.Metadata.Name);
            await store.DeleteAsync(ResourceKey.Of(stale), null, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} is no longer configured: its status is removed, the objects it applied stay")]
    private partial void LogRemoved(string source);
}
