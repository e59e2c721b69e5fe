using VmCloud.Engine.Metering;
using VmCloud.Engine.Metering.Postgres;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>The ledger contract over a real PostgreSQL server (one per class), each test in a database of its own.</summary>
public sealed class PostgresLedgerContractTests(PostgresServerFixture postgres) : LedgerContractTests, IClassFixture<PostgresServerFixture>
{
    private string? connectionString;

    protected override async Task<ILedger> OpenAsync()
    {
        connectionString ??= await postgres.CreateDatabaseAsync();
        return await PostgresLedger.OpenAsync(connectionString, default);
    }
}
