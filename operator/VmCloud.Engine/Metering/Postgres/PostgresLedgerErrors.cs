using System.Net.Sockets;
using Npgsql;

namespace VmCloud.Engine.Metering.Postgres;

/// <summary>
/// Where the ledger's server is (never its password), and how a failure there reads: what was being
/// done, where, what went wrong and what to check.
/// </summary>
/// <param name="Host">The host (or hosts, or socket folder) of the connection string.</param>
/// <param name="Port">The port.</param>
/// <param name="Database">The database, or the server's default when the connection string names none.</param>
/// <param name="Username">The user, or the default when the connection string names none.</param>
internal sealed record PostgresLedgerErrors(string Host, int Port, string Database, string Username)
{
    /// <summary>The place parts of a connection string, read without ever touching its password.</summary>
    public static PostgresLedgerErrors Of(NpgsqlConnectionStringBuilder settings) =>
        new(settings.Host ?? "localhost", settings.Port, settings.Database ?? "(default)", settings.Username ?? Environment.UserName);

    /// <summary>user@host:port/database, as in the ledger's description.</summary>
    public string Location => $"{Username}@{Host}:{Port}/{Database}";

    /// <summary>True for the failures of the database or of the way to it, which become a <see cref="LedgerException"/>.</summary>
    public static bool IsLedgerFailure(Exception e) => e is NpgsqlException or SocketException or IOException or TimeoutException;

    /// <summary>The <see cref="LedgerException"/> for a failure while <paramref name="doing"/>.</summary>
    public LedgerException Wrap(string doing, Exception e) =>
        new($"PostgreSQL ledger {Location}: cannot {doing}: {Reason(e)}. {Advice(e)}", e);

    // Npgsql's own messages name the server and the SQL state but never the password.
    private static string Reason(Exception e) => e switch
    {
        PostgresException p => $"{p.SqlState}: {p.MessageText}",
        NpgsqlException { InnerException: { } inner } n when n.Message.Contains(inner.Message, StringComparison.Ordinal) => n.Message,
        NpgsqlException { InnerException: { } inner } n => $"{n.Message} ({inner.Message})",
        _ => e.Message,
    };

    private string Advice(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            $"Check the user name and password in the connection string, and that pg_hba.conf on {Host} lets user \"{Username}\" in.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            $"Check that database \"{Database}\" exists on {Host}:{Port} (createdb {Database}) or fix Database= in the connection string.",
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } =>
            $"Grant user \"{Username}\" the right to create and write table vmcloud_usage_records in database \"{Database}\".",
        PostgresException { SqlState: PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory } =>
            $"The database server at {Host}:{Port} is out of disk or memory: free some.",
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.CrashShutdown } =>
            $"The server at {Host}:{Port} is shutting down or starting up: check that it is running.",
        PostgresException { SqlState: PostgresErrorCodes.TooManyConnections } =>
            $"The server at {Host}:{Port} has no connection slot left: raise max_connections or lower Maximum Pool Size.",
        PostgresException =>
            $"Check the server's log at {Host}:{Port}, and that table vmcloud_usage_records in database \"{Database}\" was made by VmCloud.",
        _ =>
            $"Check that PostgreSQL is running and accepts connections at {Host}:{Port} (pg_isready -h {Host} -p {Port}) and that the network lets them through.",
    };
}
