using VmCloud.Tests;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>
/// One real PostgreSQL server for a whole test class (starting one takes a second or two); each test
/// makes a database of its own. Nothing starts where PostgreSQL is not installed: the class's
/// <see cref="PostgresFactAttribute"/> tests are skipped there.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? server;
    private int databases;

    /// <summary>The running server.</summary>
    internal PostgresServer Server => server ?? throw new InvalidOperationException(PostgresServer.Unavailable ?? "the server is not started");

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync($"ledger_{Interlocked.Increment(ref databases)}");

    public async Task InitializeAsync()
    {
        if (PostgresServer.Unavailable is null) server = await PostgresServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }
}
