using VmCloud.Core.Billing;

namespace VmCloud.Engine.Metering;

/// <summary>
/// The durable billing ledger: usage records keyed by (uid, hour). Every back end (the embedded file
/// ledger, PostgreSQL) passes the same contract tests.
/// </summary>
public interface ILedger : IAsyncDisposable
{
    /// <summary>Where the ledger lives, for logs and errors (never a password).</summary>
    string Description { get; }

    /// <summary>
    /// Writes the records whose key is not in the ledger yet, durably, before returning; a record whose
    /// key is there already is left as it is, whatever its other fields. After an exception or a crash,
    /// recording the same records again completes the write and never doubles a key (PostgreSQL writes a
    /// call in one transaction; the file ledger writes one atomic frame per day the records fall in).
    /// </summary>
    /// <returns>How many records were new.</returns>
    /// <exception cref="LedgerException">The ledger cannot be written; nothing of the call is kept.</exception>
    Task<int> RecordAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken);

    /// <summary>The records of the hours in [<paramref name="from"/>, <paramref name="to"/>), by hour then uid.</summary>
    /// <param name="from">The first hour included.</param>
    /// <param name="to">The first hour excluded.</param>
    /// <param name="account">Only this billing account's records (an agency and its clients), or all when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, string? account, CancellationToken cancellationToken);
}

/// <summary>The ledger could not be read or written; the message says what and where.</summary>
public sealed class LedgerException(string message, Exception? inner = null) : Exception(message, inner);
