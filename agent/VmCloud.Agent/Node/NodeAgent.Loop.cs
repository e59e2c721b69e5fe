using Microsoft.Extensions.Logging;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Protocol;

namespace VmCloud.Agent.Node;

/// <summary>The session's loop: one long-poll always in flight, and a pass with a report on every new document and every heartbeat.</summary>
public sealed partial class NodeAgent
{
    private static readonly TimeSpan MinimumPollSpacing = TimeSpan.FromMilliseconds(500);

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        Task<DesiredPoll>? poll = null;
        var (pollAt, pollStarted) = (time.GetUtcNow(), time.GetUtcNow());
        var passAt = time.GetUtcNow() + Jittered(heartbeat);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (poll is null && time.GetUtcNow() >= pollAt)
            {
                pollStarted = time.GetUtcNow();
                poll = client.PollDesiredAsync(etag, longPollSeconds, cancellationToken);
            }

            var wakeAt = poll is null && pollAt < passAt ? pollAt : passAt;
            await WaitAsync(poll, wakeAt - time.GetUtcNow(), cancellationToken);
            if (poll is { IsCompleted: true } answered)
            {
                poll = null;
                (var changed, pollAt) = await TakePollAsync(answered, pollStarted);
                if (changed) passAt = time.GetUtcNow();
            }

            if (time.GetUtcNow() >= passAt)
            {
                // Timed from the pass's start, so a slow pass does not stretch the heartbeat interval.
                var started = time.GetUtcNow();
                var reported = await PassAndReportAsync(cancellationToken);
                passAt = started + (reported ? Jittered(heartbeat) : Min(heartbeat, reportRetry.Next()));
            }
        }
    }

    // Waits until the poll answers or the delay passes, whichever comes first.
    private async Task WaitAsync(Task<DesiredPoll>? poll, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero || poll is { IsCompleted: true }) return;
        using var stopSleeping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay, time, stopSleeping.Token);
        if (poll is null) await sleep;
        else await Task.WhenAny(poll, sleep);
        await stopSleeping.CancelAsync();
    }

    private async Task<(bool Changed, DateTimeOffset NextPoll)> TakePollAsync(Task<DesiredPoll> answered, DateTimeOffset started)
    {
        try
        {
            var result = await answered;
            link.Up();
            pollRetry.Reset();
            Update(s => s with { OperatorReachable = true });

            // An operator that answers "unchanged" without holding the request would make this a busy loop.
            if (result.Document is not { } fresh) return (false, Max(time.GetUtcNow(), started + MinimumPollSpacing));
            document = fresh;
            etag = result.ETag;
            LogDocument(logger, options.Node, fresh.Revision, fresh.Servers.Count, fresh.Volumes.Count, fresh.Remove.Count);
            return (true, time.GetUtcNow());
        }
        catch (OperatorException e)
        {
            link.Down(e);
            Update(s => s with { OperatorReachable = false });
            return (false, time.GetUtcNow() + pollRetry.Next());
        }
    }

    private async Task<bool> PassAndReportAsync(CancellationToken cancellationToken)
    {
        if (Converge() is not { } outcome) return false;
        var observedAt = time.GetUtcNow();
        var applied = outcome.Observed ? document.Revision : State.AppliedRevision;
        Update(s => s with { Passes = s.Passes + 1, AppliedRevision = applied });
        var header = new ReportHeader(options.AgentVersion, session, ++sequence, applied, inventory!, observedAt);
        var report = ReportBuilder.Build(header, document, outcome.Observation, outcome.Errors);
        try
        {
            await client.ReportAsync(report, cancellationToken);
            var now = time.GetUtcNow();
            link.Up();
            reportRetry.Reset();
            metrics?.Reported(options.Node, now);
            Update(s => s with { ReportsAccepted = s.ReportsAccepted + 1, LastReportAt = now, OperatorReachable = true });
            return true;
        }
        catch (OperatorException e)
        {
            link.Down(e);
            Update(s => s with { OperatorReachable = false });
            // The operator lost the registration (a restart without it, or the node was deleted): register again.
            if (e.Failure == OperatorFailure.NotRegistered)
            {
                Update(s => s with { Registered = false });
                await TryRegisterAsync(cancellationToken);
            }

            return false;
        }
    }

    // Hypervisor refusals are handled inside the pass; anything else escaping it is a bug, which
    // must not end the session: it is logged and the pass retried with backoff.
    private PassOutcome? Converge()
    {
        try
        {
            return converger!.Converge(document);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics?.PassFailed();
            LogPassCrashed(logger, options.Node, e);
            return null;
        }
    }

    // Heartbeats come a little early, by a random tenth: sessions started together drift apart
    // instead of reporting in lockstep, and the interval is never exceeded.
    private TimeSpan Jittered(TimeSpan interval) => interval * (0.9 + (0.1 * random.NextDouble()));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "Node {Node}: a convergence pass failed unexpectedly; retrying")]
    private static partial void LogPassCrashed(ILogger logger, string node, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node}: desired revision {Revision}: {Servers} server(s), {Volumes} volume(s), {Remove} to remove")]
    private static partial void LogDocument(ILogger logger, string node, long revision, int servers, int volumes, int remove);
}
