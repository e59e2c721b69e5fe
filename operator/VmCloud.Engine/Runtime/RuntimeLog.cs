using Microsoft.Extensions.Logging;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Runtime;

/// <summary>The runtime's log messages, generated so that disabled levels cost nothing.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1, LogLevel.Warning, "Reconcile of {Key} by {Controller} failed (failure {Failures}); retrying in {Delay}")]
    public static partial void ReconcileFailed(this ILogger logger, Exception exception, ResourceKey key, string controller, int failures, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Information, "Reconcile of {Key} by {Controller} stalled: {Reason}: {Message}")]
    public static partial void ReconcileStalled(this ILogger logger, ResourceKey key, string controller, string reason, string message);

    [LoggerMessage(3, LogLevel.Debug, "Reconcile of {Key} by {Controller} waiting: {Reason}; again in {Delay}")]
    public static partial void ReconcileWaiting(this ILogger logger, ResourceKey key, string controller, string reason, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Information, "Watch of {Kind} fell behind the store's history; listing again")]
    public static partial void WatchGone(this ILogger logger, string kind);

    [LoggerMessage(5, LogLevel.Warning, "Watch of {Kind} failed; watching again in {Delay}")]
    public static partial void WatchFailed(this ILogger logger, Exception exception, string kind, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Error, "A handler of {Kind} changes failed on {Key}; the change is not queued for it")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, string kind, ResourceKey key);

    [LoggerMessage(7, LogLevel.Information, "Controller runtime starting: {Controllers} controllers over {Kinds} watched kinds")]
    public static partial void Starting(this ILogger logger, int controllers, int kinds);

    [LoggerMessage(8, LogLevel.Information, "Controller runtime stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(9, LogLevel.Warning, "Reconcile of {Key} by {Controller} returned no outcome; retrying in {Delay}")]
    public static partial void NoOutcome(this ILogger logger, ResourceKey key, string controller, TimeSpan delay);

    [LoggerMessage(10, LogLevel.Warning, "Recording event {Reason} for {Key} failed; the reconcile goes on without it")]
    public static partial void EventFailed(this ILogger logger, Exception exception, string reason, ResourceKey key);

    [LoggerMessage(11, LogLevel.Warning, "Recording event {Reason} for {Key} lost {Attempts} races with other writers; dropped")]
    public static partial void EventContended(this ILogger logger, string reason, ResourceKey key, int attempts);
}
