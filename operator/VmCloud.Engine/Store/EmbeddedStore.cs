using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Engine.Store.Durability;

namespace VmCloud.Engine.Store;

/// <summary>
/// The store on local disk, for one machine: the rules of <see cref="IResourceStore"/> over a
/// write-ahead log and snapshots in a data directory. A write is acknowledged (its task completes)
/// only once it is flushed to disk, so it survives a kill -9 or a power loss; concurrent writers
/// share flushes. Start-up loads the last snapshot and replays the log after it. One process at a
/// time may open a data directory.
/// </summary>
public sealed class EmbeddedStore : StateMachineStore, IAsyncDisposable, IDisposable
{
    private readonly WriteAheadLog log;
    private readonly DataDirectoryLock directoryLock;
    private int disposed;

    private EmbeddedStore(string directory, ResourceStateMachine state, WriteAheadLog log, DataDirectoryLock directoryLock)
        : base(state)
    {
        DataDirectory = directory;
        this.log = log;
        this.directoryLock = directoryLock;
    }

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// Opens the store in a data directory (creating it when missing), recovering what a previous
    /// process left there. <see cref="StoreException"/> when another store holds the directory or the
    /// data is damaged beyond a torn last record.
    /// </summary>
    public static EmbeddedStore Open(EmbeddedStoreOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        var directoryLock = DataDirectoryLock.Acquire(directory);
        try
        {
            var time = timeProvider ?? TimeProvider.System;
            var started = time.GetTimestamp();
            var state = new ResourceStateMachine(time, options.Store);
            var recovered = LogRecovery.Recover(directory, state, logger);
            var log = new WriteAheadLog(directory, recovered, options, state.CommitThrough, time, logger);
            state.AttachJournal(log);
            logger.Opened(directory, recovered.Revision, state.ObjectCount, recovered.RecordsSinceSnapshot, recovered.SnapshotRevision, time.GetElapsedTime(started));
            return new EmbeddedStore(directory, state, log, directoryLock);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>Takes a snapshot now and waits until it is in place (for tests and benchmarks).</summary>
    internal async Task SnapshotAsync()
    {
        await log.LastSnapshot.ConfigureAwait(false);
        State.BeginSnapshot();
        await log.LastSnapshot.ConfigureAwait(false);
    }

    /// <summary>Ends every watch, waits for the writes in flight to be flushed, and releases the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        State.Dispose();
        await log.DisposeAsync().ConfigureAwait(false);
        directoryLock.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync" />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
