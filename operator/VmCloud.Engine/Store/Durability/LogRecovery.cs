using Microsoft.Extensions.Logging;

namespace VmCloud.Engine.Store.Durability;

/// <summary>Where the log goes on after start-up: the segment to append to and how much is in it.</summary>
internal sealed record RecoveredLog(long Revision, long SnapshotRevision, string ActiveSegment, long ActiveLength, int RecordsSinceSnapshot);

/// <summary>
/// Start-up: load the snapshot, replay the log after it, and cut a torn tail off the last segment.
/// A torn tail is the write that was in flight when the process died: it was never acknowledged,
/// because a write is acknowledged only after its record is flushed, so dropping it loses nothing.
/// </summary>
internal static class LogRecovery
{
    public static RecoveredLog Recover(string directory, ResourceStateMachine state, ILogger logger)
    {
        File.Delete(DataFiles.SnapshotTemp(directory));
        long revision = 0;
        if (SnapshotFile.Read(directory) is { } snapshot)
        {
            state.Restore(snapshot.Revision, snapshot.Objects);
            revision = snapshot.Revision;
        }

        var snapshotAt = revision;
        var segments = DataFiles.Segments(directory);
        var replayed = 0;
        long activeLength = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var isLast = i == segments.Count - 1;
            var coveredBySnapshot = !isLast && segments[i + 1].FirstRevision <= snapshotAt + 1;
            if (coveredBySnapshot)
            {
                // Left over by a crash between writing a snapshot and removing the log it replaces.
                File.Delete(segments[i].Path);
                continue;
            }

            var (count, validLength) = ReplaySegment(segments[i].Path, isLast, state, ref revision, logger);
            replayed += count;
            activeLength = validLength;
        }

        if (segments.Count > 0) return new RecoveredLog(revision, snapshotAt, segments[^1].Path, activeLength, replayed);
        var first = DataFiles.Segment(directory, revision + 1);
        return new RecoveredLog(revision, snapshotAt, first, CreateSegment(first, directory), 0);
    }

    /// <summary>A new, empty segment on disk (its name made durable too); returns its length.</summary>
    public static long CreateSegment(string path, string directory)
    {
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            file.Write(DataFiles.SegmentMagic);
            file.Flush(flushToDisk: true);
        }

        NativeDirectory.Sync(directory);
        return DataFiles.MagicSize;
    }

    private static (int Replayed, long ValidLength) ReplaySegment(string path, bool isLast, ResourceStateMachine state, ref long revision, ILogger logger)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        var magic = new byte[DataFiles.MagicSize];
        var magicRead = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (magicRead < magic.Length && isLast)
        {
            // The process died while creating the segment, before anything was written to it.
            file.SetLength(0);
            file.Position = 0;
            file.Write(DataFiles.SegmentMagic);
            file.Flush(flushToDisk: true);
            return (0, DataFiles.MagicSize);
        }

        if (magicRead < magic.Length || !DataFiles.SegmentMagic.SequenceEqual(magic))
            throw new StoreException($"the log segment {path} does not start as one: the data is corrupt; restore from a backup");

        var reader = new LogFrameReader(file, DataFiles.MagicSize);
        var bodies = new List<(long Revision, ReadOnlyMemory<byte> Body)>();
        while (reader.TryRead(out var written, out var body))
        {
            if (written > revision) bodies.Add((written, body));
        }

        var records = LogRecordCodec.DecodeAll(bodies);
        foreach (var record in records)
        {
            state.Replay(record.Revision, record.Key, record.Object);
            revision = record.Revision;
        }

        if (reader.HasTornTail && isLast)
        {
            logger.TornTailDropped(path, file.Length - reader.ValidLength);
            file.SetLength(reader.ValidLength);
            file.Flush(flushToDisk: true);
        }

        return (records.Length, reader.ValidLength);
    }
}
