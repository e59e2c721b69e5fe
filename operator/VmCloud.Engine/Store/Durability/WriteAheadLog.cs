using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using VmCloud.Api;

namespace VmCloud.Engine.Store.Durability;

/// <summary>
/// Makes the state machine durable. Writers queue records in revision order; one loop appends
/// whatever has queued up and flushes it with a single fsync (group commit: concurrent writers share
/// the flush), then acknowledges them all. From time to time it starts a new segment and writes a
/// snapshot in the background; once the snapshot is in place the segments before it are deleted.
/// </summary>
internal sealed class WriteAheadLog : IWriteJournal, IAsyncDisposable
{
    /// <summary>Bounds a batch so a flood of writers still gets acknowledgements in steady steps.</summary>
    private const int MaxBatchBytes = 4 << 20;

    private readonly Channel<Entry> queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string directory;
    private readonly EmbeddedStoreOptions options;
    private readonly Action<long> onDurable;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly DurableWatermark watermark;
    private readonly Task loop;
    private SafeFileHandle segment;
    private string segmentPath;
    private long segmentLength;
    private int recordsSinceSnapshot;
    private int objectCount;
    private volatile bool snapshotPending;
    private Task snapshotTask = Task.CompletedTask;
    private TaskCompletionSource? snapshotDone;

    public WriteAheadLog(string directory, RecoveredLog recovered, EmbeddedStoreOptions options, Action<long> onDurable, TimeProvider time, ILogger logger)
    {
        this.directory = directory;
        this.options = options;
        this.onDurable = onDurable;
        this.time = time;
        this.logger = logger;
        segmentPath = recovered.ActiveSegment;
        segmentLength = recovered.ActiveLength;
        segment = File.OpenHandle(segmentPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        recordsSinceSnapshot = recovered.RecordsSinceSnapshot;
        watermark = new DurableWatermark(recovered.Revision);
        loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the last snapshot begun is in place (or failed).</summary>
    public Task LastSnapshot => Volatile.Read(ref snapshotDone)?.Task ?? Task.CompletedTask;

    public bool WantsSnapshot => !snapshotPending && recordsSinceSnapshot >= Math.Max(options.SnapshotMinRecords, objectCount);

    public byte[] Encode(ResourceKey key, WritePlan plan)
    {
        switch (plan)
        {
            case WritePlan.Put put:
                // Start-up reads each record back as the type its kind is served as: refuse what could not be read.
                if (Kinds.TypeOf(key.Kind) != put.Next.GetType())
                    throw new ArgumentException($"{key.Kind} ({put.Next.GetType().Name}) is not a served kind; the embedded store keeps served kinds and Events");
                return LogRecordCodec.EncodePut(put.Next);
            case WritePlan.Remove:
                return LogRecordCodec.EncodeDelete(key);
            default:
                throw new InvalidOperationException($"{plan} writes nothing");
        }
    }

    public void Append(long revision, byte[] record, int objects)
    {
        queue.Writer.TryWrite(new Entry.Write(revision, record));
        Interlocked.Increment(ref recordsSinceSnapshot);
        objectCount = objects;
    }

    public void BeginSnapshot(long revision, CustomResource[] objects)
    {
        if (snapshotPending) return;
        snapshotPending = true;
        Volatile.Write(ref snapshotDone, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Exchange(ref recordsSinceSnapshot, 0);
        queue.Writer.TryWrite(new Entry.Rotate(revision, objects));
    }

    public ValueTask WaitDurableAsync(long revision) => watermark.WaitAsync(revision);

    public void ThrowIfFailed()
    {
        if (watermark.Failure is { } failure) throw new StoreException($"the store cannot write its log ({failure.Message}); restart it");
    }

    /// <summary>Flushes what is queued and closes the log. After the state machine stopped taking writes.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
        await snapshotTask.ConfigureAwait(false);
        segment.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new ArrayBufferWriter<byte>(1 << 16);
        try
        {
            while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                long last = 0;
                while (batch.WrittenCount < MaxBatchBytes && queue.Reader.TryRead(out var entry))
                {
                    if (entry is Entry.Write write)
                    {
                        LogFrame.Write(batch, write.Revision, write.Record);
                        last = write.Revision;
                        continue;
                    }

                    var rotate = (Entry.Rotate)entry;
                    Flush(batch, last);
                    last = 0;
                    StartSegment(rotate.Revision + 1);
                    StartSnapshot(rotate);
                }

                Flush(batch, last);
            }
        }
        catch (Exception ex)
        {
            // The disk refused a write or a flush: what it holds now is unknown, so acknowledge nothing more.
            logger.LogFailed(ex);
            watermark.Fail(new StoreException($"the store's log failed: {ex.Message}"));
        }
    }

    private void Flush(ArrayBufferWriter<byte> batch, long last)
    {
        if (batch.WrittenCount == 0) return;
        RandomAccess.Write(segment, batch.WrittenSpan, segmentLength);
        RandomAccess.FlushToDisk(segment);
        segmentLength += batch.WrittenCount;
        batch.ResetWrittenCount();
        onDurable(last);
        watermark.Advance(last);
    }

    /// <summary>Records after a snapshot go to a new segment, so the old ones can go once it is written.</summary>
    private void StartSegment(long firstRevision)
    {
        if (segmentLength == DataFiles.MagicSize) return;
        var path = DataFiles.Segment(directory, firstRevision);
        segmentLength = LogRecovery.CreateSegment(path, directory);
        segment.Dispose();
        segment = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        segmentPath = path;
    }

    private void StartSnapshot(Entry.Rotate rotate)
    {
        var active = segmentPath;
        snapshotTask = Task.Run(() =>
        {
            var started = time.GetTimestamp();
            try
            {
                SnapshotFile.Write(directory, rotate.Revision, rotate.Objects);
                foreach (var (first, path) in DataFiles.Segments(directory))
                {
                    if (first <= rotate.Revision && path != active) File.Delete(path);
                }

                logger.SnapshotWritten(rotate.Revision, rotate.Objects.Length, time.GetElapsedTime(started));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StoreException)
            {
                logger.SnapshotFailed(ex, rotate.Revision);
            }
            finally
            {
                snapshotPending = false;
                Volatile.Read(ref snapshotDone)?.TrySetResult();
            }
        });
    }

    private abstract record Entry
    {
        public sealed record Write(long Revision, byte[] Record) : Entry;

        public sealed record Rotate(long Revision, CustomResource[] Objects) : Entry;
    }
}
