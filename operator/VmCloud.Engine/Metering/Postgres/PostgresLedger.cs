using System.Runtime.CompilerServices;
using Npgsql;
using VmCloud.Core.Billing;

namespace VmCloud.Engine.Metering.Postgres;

/// <summary>
/// The billing ledger in PostgreSQL, for fleets whose finance reads the ledger with SQL or that run
/// several operators: table <c>vmcloud_usage_records</c>, keyed by (hour, uid). A batch is one
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> statement, so one round trip and one transaction,
/// acknowledged once committed (durable as long as the server keeps <c>synchronous_commit</c> on, its
/// default). Reads stream rows from the server as the caller consumes them.
/// </summary>
public sealed class PostgresLedger : ILedger
{
    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresLedgerErrors errors;

    private PostgresLedger(NpgsqlDataSource dataSource, PostgresLedgerErrors errors)
    {
        this.dataSource = dataSource;
        this.errors = errors;
    }

    /// <inheritdoc />
    public string Description => $"PostgreSQL ledger {errors.Location}";

    /// <summary>
    /// Connects to the server of <paramref name="connectionString"/> (an Npgsql connection string) and
    /// creates the ledger's table and index when missing. Safe when several operators start at once.
    /// </summary>
    /// <exception cref="LedgerException">The connection string is not valid, or the server cannot be reached or written.</exception>
    public static async Task<PostgresLedger> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var (dataSource, errors) = Build(connectionString);
        try
        {
            await using var command = dataSource.CreateCommand(PostgresLedgerSql.CreateSchema);
            command.Parameters.AddWithValue("lock", PostgresLedgerSql.SchemaLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e)
        {
            await dataSource.DisposeAsync();
            if (PostgresLedgerErrors.IsLedgerFailure(e)) throw errors.Wrap("open the ledger (connect, then create or check table vmcloud_usage_records)", e);
            throw;
        }
        return new PostgresLedger(dataSource, errors);
    }

    /// <inheritdoc />
    public async Task<int> RecordAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) return 0;
        await using var command = dataSource.CreateCommand(PostgresLedgerSql.Insert);
        UsageRecordParameters.Add(command.Parameters, records);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (PostgresLedgerErrors.IsLedgerFailure(e))
        {
            throw errors.Wrap($"record {records.Count} usage records", e);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, string? account,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (to <= from) yield break;
        var doing = $"read the usage records of [{from.ToUniversalTime():u}, {to.ToUniversalTime():u})" + (account is null ? "" : $" of account {account}");
        await using var connection = await GuardAsync(dataSource.OpenConnectionAsync(cancellationToken).AsTask(), doing);
        await using var command = new NpgsqlCommand(account is null ? PostgresLedgerSql.ReadAll : PostgresLedgerSql.ReadAccount, connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", from.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", to.ToUniversalTime()));
        if (account is not null) command.Parameters.Add(new NpgsqlParameter<string>("account", account));
        // The default (not sequential) access buffers one row at a time, never the whole result.
        await using var reader = await GuardAsync(command.ExecuteReaderAsync(cancellationToken), doing);
        while (await GuardAsync(reader.ReadAsync(cancellationToken), doing))
        {
            // Npgsql looks at the token only when it waits for the network, not for rows it holds already.
            cancellationToken.ThrowIfCancellationRequested();
            yield return UsageRecordParameters.Read(reader);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static (NpgsqlDataSource DataSource, PostgresLedgerErrors Errors) Build(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        try
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            var settings = builder.ConnectionStringBuilder;
            settings.ApplicationName ??= "vmcloud ledger";
            // The insert is the same text every time: prepared once per connection, parsed once.
            if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 8;
            return (builder.Build(), PostgresLedgerErrors.Of(settings));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // Npgsql's parse errors name the keyword at fault, not its value: no password leaks here.
            throw new LedgerException($"PostgreSQL ledger: the connection string is not valid: {e.Message}", e);
        }
    }

    // An iterator cannot catch around a yield, so each awaited step is wrapped on its own.
    private async Task<T> GuardAsync<T>(Task<T> step, string doing)
    {
        try
        {
            return await step;
        }
        catch (Exception e) when (PostgresLedgerErrors.IsLedgerFailure(e))
        {
            throw errors.Wrap(doing, e);
        }
    }
}
