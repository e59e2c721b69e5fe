using Npgsql;
using NpgsqlTypes;
using VmCloud.Core.Billing;

namespace VmCloud.Engine.Metering.Postgres;

/// <summary>
/// A batch of usage records as the insert statement's column arrays (one array parameter per column,
/// so the batch costs one statement whatever its size), and rows read back as records.
/// </summary>
internal static class UsageRecordParameters
{
    // Dividing by one with 28 decimal places gives the smallest scale that holds the value exactly:
    // numeric(24,12) comes back as 1.500000000000 and leaves as 1.5, as the meter wrote it.
    private const decimal TrailingZeros = 1.0000000000000000000000000000m;

    /// <summary>
    /// Fills <paramref name="parameters"/> with the first record of each key, in key order. Duplicates
    /// are dropped here because the first occurrence must win; the order makes concurrent writers take
    /// key locks alike (see <see cref="PostgresLedgerSql.Insert"/>).
    /// </summary>
    public static void Add(NpgsqlParameterCollection parameters, IReadOnlyList<UsageRecord> records)
    {
        var batch = FirstOfEachKey(records);
        batch.Sort(static (a, b) =>
        {
            var byHour = a.Hour.UtcTicks.CompareTo(b.Hour.UtcTicks);
            return byHour != 0 ? byHour : string.CompareOrdinal(a.Uid, b.Uid);
        });
        parameters.Add(Column("hours", batch, static r => r.Hour.UtcDateTime, NpgsqlDbType.TimestampTz));
        parameters.Add(Column("uids", batch, static r => r.Uid, NpgsqlDbType.Text));
        parameters.Add(Column("tenants", batch, static r => r.Tenant, NpgsqlDbType.Text));
        parameters.Add(Column("accounts", batch, static r => r.Account, NpgsqlDbType.Text));
        parameters.Add(Column("kinds", batch, static r => r.Kind, NpgsqlDbType.Text));
        parameters.Add(Column("names", batch, static r => r.Name, NpgsqlDbType.Text));
        parameters.Add(Column("plans", batch, static r => r.Plan, NpgsqlDbType.Text));
        parameters.Add(Column("quantities", batch, static r => r.Quantity, NpgsqlDbType.Numeric));
        parameters.Add(Column("hourly_euros", batch, static r => r.HourlyEuros, NpgsqlDbType.Numeric));
        parameters.Add(Column("monthly_cap_euros", batch, static r => r.MonthlyCapEuros, NpgsqlDbType.Numeric));
        parameters.Add(Column("discount_ratios", batch, static r => r.DiscountRatio, NpgsqlDbType.Numeric));
    }

    /// <summary>The record of the reader's current row, whose columns are in <see cref="PostgresLedgerSql"/>'s read order.</summary>
    public static UsageRecord Read(NpgsqlDataReader row) => new(
        Uid: row.GetString(1),
        Hour: row.GetFieldValue<DateTimeOffset>(0),
        Tenant: row.GetString(2),
        Account: row.GetString(3),
        Kind: row.GetString(4),
        Name: row.GetString(5),
        Plan: row.GetString(6),
        Quantity: row.GetDecimal(7) / TrailingZeros,
        HourlyEuros: row.GetDecimal(8) / TrailingZeros,
        MonthlyCapEuros: row.GetDecimal(9) / TrailingZeros,
        DiscountRatio: row.GetDecimal(10) / TrailingZeros);

    private static List<UsageRecord> FirstOfEachKey(IReadOnlyList<UsageRecord> records)
    {
        var seen = new HashSet<(string, DateTimeOffset)>(records.Count);
        var batch = new List<UsageRecord>(records.Count);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            if (seen.Add(record.Key)) batch.Add(record);
        }
        return batch;
    }

    private static NpgsqlParameter<T[]> Column<T>(string name, List<UsageRecord> batch, Func<UsageRecord, T> field, NpgsqlDbType type)
    {
        var values = new T[batch.Count];
        for (var i = 0; i < values.Length; i++) values[i] = field(batch[i]);
        return new NpgsqlParameter<T[]>(name, type | NpgsqlDbType.Array) { TypedValue = values };
    }
}
