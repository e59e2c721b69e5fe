using System.Diagnostics;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;
using VmCloud.Engine.Sources;

namespace VmCloud.Benchmarks;

/// <summary>
/// An origin that times the one it wraps: when a fetch was last entered (the start of a sync, for
/// the webhook latency), and how long the last fetch and the last read of a revision took, so the
/// real <see cref="SourceSync"/> can be timed end to end and still be split into its Git part and the rest.
/// </summary>
internal sealed class TimedOrigin(ISourceOrigin inner) : ISourceOrigin
{
    private TaskCompletionSource<long> fetchEntered = NewSignal();

    public string Name => inner.Name;

    public SourceSpec Spec => inner.Spec;

    /// <summary>How long the last fetch took.</summary>
    public TimeSpan LastFetch { get; private set; }

    /// <summary>How long the last read of a revision's files took.</summary>
    public TimeSpan LastRead { get; private set; }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the next fetch is entered.</summary>
    public Task<long> NextFetchEntered => fetchEntered.Task;

    /// <summary>Arms <see cref="NextFetchEntered"/> for the next fetch.</summary>
    public void Rearm() => fetchEntered = NewSignal();

    public async Task<SourceRevision> FetchAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        fetchEntered.TrySetResult(started);
        try
        {
            return await inner.FetchAsync(cancellationToken);
        }
        finally
        {
            LastFetch = Stopwatch.GetElapsedTime(started);
        }
    }

    public async Task<(IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors)> ReadAsync(
        SourceRevision revision, LoadLimits limits, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.ReadAsync(revision, limits, cancellationToken);
        }
        finally
        {
            LastRead = Stopwatch.GetElapsedTime(started);
        }
    }

    private static TaskCompletionSource<long> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
