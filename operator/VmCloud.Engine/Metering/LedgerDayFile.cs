using System.Buffers;
using VmCloud.Core.Billing;
using VmCloud.Engine.Store.Durability;

namespace VmCloud.Engine.Metering;

/// <summary>One day of the file ledger, open for appending, with the keys it holds.</summary>
internal sealed class LedgerDayFile : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "VMCLDG01"u8;
    private readonly FileStream stream;
    private readonly HashSet<(string, DateTimeOffset)> keys;

    private LedgerDayFile(FileStream stream, HashSet<(string, DateTimeOffset)> keys)
    {
        this.stream = stream;
        this.keys = keys;
    }

    public bool Contains((string Uid, DateTimeOffset Hour) key) => keys.Contains(key);

    /// <summary>Opens or creates the file, reading its keys and cutting off a torn last frame.</summary>
    public static LedgerDayFile Open(string path, string directory)
    {
        var created = !File.Exists(path);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var keys = new HashSet<(string, DateTimeOffset)>();
            // A file shorter than the magic was torn while being created: start it again.
            if (stream.Length < Magic.Length)
            {
                stream.SetLength(0);
                stream.Write(Magic);
                stream.Flush(flushToDisk: true);
                if (created) NativeDirectory.Sync(directory);
            }
            else
            {
                var reader = Frames(stream, path);
                while (reader.TryRead(out _, out var body))
                    foreach (var record in UsageRecordCodec.Decode(body)) keys.Add(record.Key);
                if (reader.HasTornTail) CutTail(stream, reader.ValidLength, path);
            }
            stream.Seek(0, SeekOrigin.End);
            return new LedgerDayFile(stream, keys);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Every record of the file at <paramref name="path"/>, none when it does not exist.</summary>
    public static List<UsageRecord> ReadAll(string path)
    {
        var records = new List<UsageRecord>();
        if (!File.Exists(path)) return records;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length < Magic.Length) return records;
        var reader = Frames(stream, path);
        while (reader.TryRead(out _, out var body))
            records.AddRange(UsageRecordCodec.Decode(body));
        return records;
    }

    /// <summary>Appends the records as one frame and flushes it to disk.</summary>
    public void Append(List<UsageRecord> records)
    {
        var frame = new ArrayBufferWriter<byte>();
        LogFrame.Write(frame, records.Count, UsageRecordCodec.Encode(records));
        stream.Write(frame.WrittenSpan);
        stream.Flush(flushToDisk: true);
        foreach (var record in records) keys.Add(record.Key);
    }

    public void Dispose() => stream.Dispose();

    // A crash leaves at most a torn last frame, but a bad frame mid-file (a disk fault) looks the same
    // to the reader: the cut bytes are kept beside the file, so no record is ever silently dropped.
    private static void CutTail(FileStream stream, long validLength, string path)
    {
        var tail = new byte[stream.Length - validLength];
        stream.Seek(validLength, SeekOrigin.Begin);
        stream.ReadExactly(tail);
        File.WriteAllBytes($"{path}.cut-at-{validLength}", tail);
        stream.SetLength(validLength);
        stream.Flush(flushToDisk: true);
    }

    private static LogFrameReader Frames(FileStream stream, string path)
    {
        Span<byte> magic = stackalloc byte[8];
        if (stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length || !magic.SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a VmCloud ledger file");
        return new LogFrameReader(stream, magic.Length);
    }
}
