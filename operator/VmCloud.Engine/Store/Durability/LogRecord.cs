using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using VmCloud.Api;

namespace VmCloud.Engine.Store.Durability;

/// <summary>What a record on disk says.</summary>
internal enum LogOperation : byte
{
    /// <summary>The object, whole, as its revision wrote it.</summary>
    Put = 1,

    /// <summary>The object is gone.</summary>
    Delete = 2,

    /// <summary>The first record of a snapshot: how many objects follow.</summary>
    SnapshotHeader = 3,
}

/// <summary>One decoded record: a put carries the object, a delete its key, a snapshot header its object count.</summary>
internal sealed record LogRecord(long Revision, LogOperation Operation, ResourceKey Key, CustomResource? Object, long Count = 0);

/// <summary>
/// Record bodies: <c>[u8 operation]</c> then, for a put, the kind and the object's JSON (the revision
/// in the frame is its resourceVersion); for a delete, kind, namespace and name.
/// Strings are length-prefixed UTF-8 as <see cref="BinaryWriter"/> writes them.
/// </summary>
internal static class LogRecordCodec
{
    public static byte[] EncodePut(CustomResource resource)
    {
        var json = ResourceJson.Serialize(resource);
        using var body = new MemoryStream(json.Length + 64);
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)LogOperation.Put);
            writer.Write(resource.Kind);
        }

        body.Write(json);
        return body.ToArray();
    }

    public static byte[] EncodeDelete(ResourceKey key)
    {
        using var body = new MemoryStream(64);
        using var writer = new BinaryWriter(body, Encoding.UTF8);
        writer.Write((byte)LogOperation.Delete);
        writer.Write(key.Kind);
        writer.Write(key.Namespace is not null);
        writer.Write(key.Namespace ?? "");
        writer.Write(key.Name);
        writer.Flush();
        return body.ToArray();
    }

    public static byte[] EncodeSnapshotHeader(long count)
    {
        var body = new byte[1 + sizeof(long)];
        body[0] = (byte)LogOperation.SnapshotHeader;
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(1), count);
        return body;
    }

    /// <summary>
    /// Decodes many records at once. Decoding JSON is most of start-up and each record stands alone,
    /// so every core takes a share; the order of the result is the order of the input.
    /// </summary>
    public static LogRecord[] DecodeAll(IReadOnlyList<(long Revision, ReadOnlyMemory<byte> Body)> bodies)
    {
        var records = new LogRecord[bodies.Count];
        try
        {
            Parallel.For(0, bodies.Count, i => records[i] = Decode(bodies[i].Revision, bodies[i].Body));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }

        return records;
    }

    public static LogRecord Decode(long revision, ReadOnlyMemory<byte> body)
    {
        var bytes = MemoryMarshal.TryGetArray(body, out var segment) ? segment : new ArraySegment<byte>(body.ToArray());
        using var stream = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var operation = (LogOperation)reader.ReadByte();
        switch (operation)
        {
            case LogOperation.Put:
                var kind = reader.ReadString();
                var resource = StoredObject.Stamp(ResourceJson.Deserialize(kind, body.Span[(int)stream.Position..]), revision);
                return new LogRecord(revision, operation, ResourceKey.Of(resource), resource);
            case LogOperation.Delete:
                var deletedKind = reader.ReadString();
                var hasNamespace = reader.ReadBoolean();
                var ns = reader.ReadString();
                var key = new ResourceKey(deletedKind, hasNamespace ? ns : null, reader.ReadString());
                return new LogRecord(revision, operation, key, null);
            case LogOperation.SnapshotHeader:
                return new LogRecord(revision, operation, default, null, reader.ReadInt64());
            default:
                throw new StoreException($"record {revision} has an unknown operation {(byte)operation}; the data needs a newer build");
        }
    }
}
