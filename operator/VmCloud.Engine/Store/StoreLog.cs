using Microsoft.Extensions.Logging;

namespace VmCloud.Engine.Store;

/// <summary>The store's log messages, generated so that disabled levels cost nothing.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(101, LogLevel.Information, "Store opened at {Directory}: revision {Revision}, {Objects} objects, {Replayed} log records replayed after the snapshot of revision {SnapshotRevision}, in {Elapsed}")]
    public static partial void Opened(this ILogger logger, string directory, long revision, int objects, int replayed, long snapshotRevision, TimeSpan elapsed);

    [LoggerMessage(102, LogLevel.Warning, "Dropped a torn record of {Bytes} bytes at the end of {Path}: a write that was never acknowledged")]
    public static partial void TornTailDropped(this ILogger logger, string path, long bytes);

    [LoggerMessage(103, LogLevel.Debug, "Snapshot of revision {Revision} written: {Objects} objects in {Elapsed}")]
    public static partial void SnapshotWritten(this ILogger logger, long revision, int objects, TimeSpan elapsed);

    [LoggerMessage(104, LogLevel.Warning, "Snapshot of revision {Revision} failed; the log keeps every change and the next snapshot is tried later")]
    public static partial void SnapshotFailed(this ILogger logger, Exception exception, long revision);

    [LoggerMessage(105, LogLevel.Critical, "The store's log cannot be written; every write fails until the operator restarts")]
    public static partial void LogFailed(this ILogger logger, Exception exception);
}
