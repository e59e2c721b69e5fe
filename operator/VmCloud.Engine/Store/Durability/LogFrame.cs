using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace VmCloud.Engine.Store.Durability;

/// <summary>
/// The framing of every record on disk: <c>[u32 body length][u32 CRC-32C][i64 revision][body]</c>,
/// little-endian, the checksum over revision and body. A crash can leave the last frame torn; the
/// length and checksum tell a whole frame from a torn one.
/// </summary>
internal static class LogFrame
{
    public const int HeaderSize = 16;

    /// <summary>Far above any object (the Kubernetes API stops at 1.5 MiB): a larger length is garbage.</summary>
    public const int MaxBodySize = 64 << 20;

    public static void Write(IBufferWriter<byte> output, long revision, ReadOnlySpan<byte> body)
    {
        var frame = output.GetSpan(HeaderSize + body.Length);
        BinaryPrimitives.WriteInt64LittleEndian(frame[8..], revision);
        body.CopyTo(frame[HeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Checksum(frame[8..(HeaderSize + body.Length)]));
        output.Advance(HeaderSize + body.Length);
    }

    /// <summary>CRC-32C (Castagnoli), the checksum of ext4, iSCSI and etcd; hardware-accelerated where the CPU has it.</summary>
    public static uint Checksum(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words) crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        foreach (var b in data[(words.Length * sizeof(ulong))..]) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}

/// <summary>Reads whole frames from a stream until its end or the first torn or corrupt frame.</summary>
internal sealed class LogFrameReader(Stream stream, long offset)
{
    private readonly byte[] header = new byte[LogFrame.HeaderSize];

    /// <summary>Where the frames read so far end: a torn tail starts here.</summary>
    public long ValidLength { get; private set; } = offset;

    /// <summary>True when the stream had bytes after the last whole frame.</summary>
    public bool HasTornTail { get; private set; }

    public bool TryRead(out long revision, out ReadOnlyMemory<byte> body)
    {
        revision = 0;
        body = ReadOnlyMemory<byte>.Empty;
        var headerRead = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (headerRead < header.Length) return Torn(headerRead > 0);

        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length is 0 or > LogFrame.MaxBodySize) return Torn(true);
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        var framed = new byte[8 + length];
        header.AsSpan(8).CopyTo(framed);
        if (stream.ReadAtLeast(framed.AsSpan(8), (int)length, throwOnEndOfStream: false) < length) return Torn(true);
        if (LogFrame.Checksum(framed) != checksum) return Torn(true);

        revision = BinaryPrimitives.ReadInt64LittleEndian(framed);
        body = framed.AsMemory(8);
        ValidLength += LogFrame.HeaderSize + length;
        return true;
    }

    private bool Torn(bool bytesFollow)
    {
        HasTornTail = bytesFollow;
        return false;
    }
}
