using System.Buffers;
using VmCloud.Api;

namespace VmCloud.Engine.Store.Durability;

/// <summary>
/// Every object at one revision, in the log's framing: a header record with the count, then one put
/// per object. Written beside the live one and renamed over it, so a crash leaves either the old
/// snapshot or the new one, never half of one.
/// </summary>
internal static class SnapshotFile
{
    public static void Write(string directory, long revision, IReadOnlyList<CustomResource> objects)
    {
        var temp = DataFiles.SnapshotTemp(directory);
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            file.Write(DataFiles.SnapshotMagic);
            var buffer = new ArrayBufferWriter<byte>(1 << 16);
            LogFrame.Write(buffer, revision, LogRecordCodec.EncodeSnapshotHeader(objects.Count));
            foreach (var resource in objects)
            {
                LogFrame.Write(buffer, long.Parse(resource.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture), LogRecordCodec.EncodePut(resource));
                if (buffer.WrittenCount < 1 << 20) continue;
                file.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }

            file.Write(buffer.WrittenSpan);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, DataFiles.Snapshot(directory), overwrite: true);
        NativeDirectory.Sync(directory);
    }

    /// <summary>The snapshot's revision and objects, or null when there is none.</summary>
    public static (long Revision, CustomResource[] Objects)? Read(string directory)
    {
        var path = DataFiles.Snapshot(directory);
        if (!File.Exists(path)) return null;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var magic = new byte[DataFiles.MagicSize];
        if (file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length || !DataFiles.SnapshotMagic.SequenceEqual(magic))
            throw Corrupt(path, "it does not start as a snapshot");

        var reader = new LogFrameReader(file, DataFiles.MagicSize);
        if (!reader.TryRead(out var revision, out var headerBody)) throw Corrupt(path, "its header is unreadable");
        var header = LogRecordCodec.Decode(revision, headerBody);
        if (header.Operation != LogOperation.SnapshotHeader) throw Corrupt(path, "its header is not a snapshot header");

        var bodies = new List<(long Revision, ReadOnlyMemory<byte> Body)>();
        while (reader.TryRead(out var written, out var body)) bodies.Add((written, body));
        if (bodies.Count != header.Count || reader.HasTornTail) throw Corrupt(path, $"it holds {bodies.Count} whole objects of {header.Count}");

        var objects = LogRecordCodec.DecodeAll(bodies)
            .Select((record, i) => record.Object ?? throw Corrupt(path, $"record {i} is not an object"))
            .ToArray();
        return (revision, objects);
    }

    // A snapshot is flushed before it is renamed into place, so damage is not a crash's doing.
    private static StoreException Corrupt(string path, string why) =>
        new($"the snapshot {path} is corrupt ({why}); restore the data directory from a backup");
}
