using System.Text;
using VmCloud.Core.Billing;

namespace VmCloud.Engine.Metering;

/// <summary>
/// The file ledger's binary form of a batch of records: a count, then each record's fields in
/// declaration order (strings as UTF-8 with a length, decimals exactly, the hour as UTC ticks).
/// Exact and several times smaller and faster than JSON, which matters at 100,000 records an hour.
/// </summary>
internal static class UsageRecordCodec
{
    public static byte[] Encode(IReadOnlyList<UsageRecord> records)
    {
        using var buffer = new MemoryStream(64 + records.Count * 128);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(records.Count);
            foreach (var r in records)
            {
                writer.Write(r.Uid);
                writer.Write(r.Hour.UtcTicks);
                writer.Write(r.Tenant);
                writer.Write(r.Account);
                writer.Write(r.Kind);
                writer.Write(r.Name);
                writer.Write(r.Plan);
                writer.Write(r.Quantity);
                writer.Write(r.HourlyEuros);
                writer.Write(r.MonthlyCapEuros);
                writer.Write(r.DiscountRatio);
            }
        }
        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The body is not a batch (a bug or foreign file: the checksum matched).</exception>
    public static List<UsageRecord> Decode(ReadOnlyMemory<byte> body)
    {
        using var reader = new BinaryReader(new MemoryStream(body.ToArray(), writable: false), Encoding.UTF8);
        try
        {
            var count = reader.ReadInt32();
            var records = new List<UsageRecord>(count);
            for (var i = 0; i < count; i++)
                records.Add(new UsageRecord(reader.ReadString(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
                    reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(),
                    reader.ReadDecimal(), reader.ReadDecimal(), reader.ReadDecimal(), reader.ReadDecimal()));
            return records;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException)
        {
            throw new InvalidDataException("a ledger frame does not hold usage records", e);
        }
    }
}
