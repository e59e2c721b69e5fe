using System.Net;
using System.Net.Sockets;
using VmCloud.Core.Billing;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Metering.Postgres;
using VmCloud.Tests;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>What only the PostgreSQL ledger has: a server that can be away, refuse or be shared.</summary>
public sealed class PostgresLedgerTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly DateTimeOffset Hour = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task Record_WhenTheServerHasStopped_ThrowsLedgerException_NamingHostAndPort_NotThePassword()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var ledger = await PostgresLedger.OpenAsync(await server.CreateDatabaseAsync("billing"), default);
        Assert.Equal(1, await ledger.RecordAsync([Usage("vm-1")], default));

        await server.StopAsync();

        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.RecordAsync([Usage("vm-2")], default));
        AssertNamesTheServer(error, server.Port, server.Password);
        Assert.Contains("record 1 usage records", error.Message, StringComparison.Ordinal);
        var readError = await Assert.ThrowsAsync<LedgerException>(async () =>
        {
            await foreach (var _ in ledger.ReadAsync(Hour, Hour.AddHours(1), null, default)) { }
        });
        AssertNamesTheServer(readError, server.Port, server.Password);
    }

    [PostgresFact]
    public async Task Open_WhenNothingListensOnThePort_ThrowsLedgerException_SayingWhatToCheck()
    {
        var port = UnusedPort();
        var connectionString = postgres.Server.ConnectionString("billing").Replace($"Port={postgres.Server.Port}", $"Port={port}", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<LedgerException>(() => PostgresLedger.OpenAsync(connectionString, default));

        AssertNamesTheServer(error, port, postgres.Server.Password);
        Assert.Contains("Check that PostgreSQL is running", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Open_WithAWrongPassword_SaysToCheckIt_WithoutShowingIt()
    {
        var connectionString = (await postgres.CreateDatabaseAsync()).Replace(postgres.Server.Password, "wrong-secret-42", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<LedgerException>(() => PostgresLedger.OpenAsync(connectionString, default));

        AssertNamesTheServer(error, postgres.Server.Port, "wrong-secret-42");
        Assert.Contains("28P01", error.Message, StringComparison.Ordinal);
        Assert.Contains("Check the user name and password", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Open_ADatabaseThatDoesNotExist_SaysToCreateIt()
    {
        var error = await Assert.ThrowsAsync<LedgerException>(() => PostgresLedger.OpenAsync(postgres.Server.ConnectionString("missing"), default));

        AssertNamesTheServer(error, postgres.Server.Port, postgres.Server.Password);
        Assert.Contains("database \"missing\" exists", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Open_WithAnInvalidConnectionString_ThrowsLedgerException()
    {
        var error = await Assert.ThrowsAsync<LedgerException>(() => PostgresLedger.OpenAsync("Host=127.0.0.1;Port=notanumber;Password=s3cret", default));

        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Open_BySeveralOperatorsAtOnce_CreatesTheSchemaOnce_AndTheyShareIt()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        var ledgers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PostgresLedger.OpenAsync(connectionString, default))));
        try
        {
            Assert.Equal(1, await ledgers[0].RecordAsync([Usage("vm-1")], default));
            Assert.Equal(0, await ledgers[7].RecordAsync([Usage("vm-1")], default));
            Assert.Single(await ReadAllAsync(ledgers[3]));
        }
        finally
        {
            foreach (var ledger in ledgers) await ledger.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Record_ABatchTheDatabaseRefuses_KeepsNothingOfIt()
    {
        await using var ledger = await PostgresLedger.OpenAsync(await postgres.CreateDatabaseAsync(), default);
        // numeric(24,12) holds 12 digits before the point: 10^12 euros is one too many.
        UsageRecord[] batch = [Usage("vm-1"), Usage("vm-2") with { MonthlyCapEuros = 1_000_000_000_000m }, Usage("vm-3")];

        var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.RecordAsync(batch, default));

        Assert.Contains("22003", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(ledger));
        Assert.Equal(2, await ledger.RecordAsync([batch[0], batch[2]], default));
    }

    [PostgresFact]
    public async Task Description_NamesUserHostPortAndDatabase_NotThePassword()
    {
        await using var ledger = await PostgresLedger.OpenAsync(await postgres.CreateDatabaseAsync(), default);

        Assert.Matches($@"^PostgreSQL ledger postgres@127\.0\.0\.1:{postgres.Server.Port}/ledger_\d+$", ledger.Description);
    }

    private static void AssertNamesTheServer(LedgerException error, int port, string password)
    {
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<List<UsageRecord>> ReadAllAsync(PostgresLedger ledger)
    {
        var read = new List<UsageRecord>();
        await foreach (var record in ledger.ReadAsync(Hour.AddYears(-1), Hour.AddYears(1), null, default)) read.Add(record);
        return read;
    }

    private static UsageRecord Usage(string uid) =>
        new(uid, Hour, "acme", "acme", "VirtualServer", "web", "VPS-S", 1m, 0.013698630137m, 10m, 0m);

    // A port nothing listens on: free when picked and closed again at once.
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
