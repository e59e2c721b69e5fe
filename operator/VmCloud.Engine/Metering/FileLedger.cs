using System.Runtime.CompilerServices;
using VmCloud.Core.Billing;

namespace VmCloud.Engine.Metering;

/// <summary>
/// The embedded ledger: one append-only file per UTC day (<c>usage-2026-11-21.log</c>) of checksummed
/// frames, each frame a batch of records written and flushed to disk before <see cref="RecordAsync"/>
/// returns. A crash leaves at most a torn last frame, cut off when the file is next opened. The keys of
/// the days written lately are kept in memory, so a duplicate costs a set lookup, not a write. Meant for
/// one machine; PostgreSQL is the back end for large fleets.
/// </summary>
public sealed class FileLedger : ILedger
{
    private const int DaysKeptOpen = 3;
    private readonly string directory;
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly Dictionary<DateOnly, LedgerDayFile> days = [];

    private FileLedger(string directory) => this.directory = directory;

    /// <inheritdoc />
    public string Description => $"embedded ledger in {directory}";

    /// <summary>Opens (creating when missing) the ledger in <paramref name="directory"/>.</summary>
    /// <exception cref="LedgerException">The directory cannot be created.</exception>
    public static FileLedger Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LedgerException($"cannot create the ledger directory {full}: {e.Message}", e);
        }
        return new FileLedger(full);
    }

    /// <inheritdoc />
    public async Task<int> RecordAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) return 0;
        await writing.WaitAsync(cancellationToken);
        try
        {
            var added = 0;
            foreach (var day in records.GroupBy(r => DayOf(r.Hour)).OrderBy(g => g.Key))
                added += Append(day.Key, day);
            return added;
        }
        finally
        {
            writing.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, string? account,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (to <= from) yield break;
        for (var day = DayOf(from); day <= DayOf(to.AddTicks(-1)); day = day.AddDays(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = ReadDay(day)
                .Where(r => r.Hour >= from && r.Hour < to && (account is null || r.Account == account))
                .OrderBy(r => r.Hour).ThenBy(r => r.Uid, StringComparer.Ordinal);
            foreach (var record in found)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return record;
            }
            await Task.Yield();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var day in days.Values) day.Dispose();
        days.Clear();
        writing.Dispose();
        return ValueTask.CompletedTask;
    }

    private List<UsageRecord> ReadDay(DateOnly day)
    {
        try
        {
            return LedgerDayFile.ReadAll(PathOf(day));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new LedgerException($"cannot read the ledger file {PathOf(day)}: {e.Message}", e);
        }
    }

    private int Append(DateOnly day, IEnumerable<UsageRecord> records)
    {
        var file = DayFile(day);
        var fresh = new List<UsageRecord>();
        var inBatch = new HashSet<(string, DateTimeOffset)>();
        foreach (var record in records)
            if (!file.Contains(record.Key) && inBatch.Add(record.Key)) fresh.Add(record);
        if (fresh.Count == 0) return 0;
        try
        {
            file.Append(fresh);
            return fresh.Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The tail may be torn now: open the file afresh next time, which cuts it off.
            file.Dispose();
            days.Remove(day);
            throw new LedgerException($"cannot write the ledger file {PathOf(day)}: {e.Message}; check the disk, the records are kept by the caller and retried", e);
        }
    }

    private LedgerDayFile DayFile(DateOnly day)
    {
        if (days.TryGetValue(day, out var file)) return file;
        try
        {
            file = LedgerDayFile.Open(PathOf(day), directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new LedgerException($"cannot open the ledger file {PathOf(day)}: {e.Message}", e);
        }
        days[day] = file;
        // Writes go to the newest days: older files are closed and their keys dropped from memory
        // (never the day just opened, which a late record for an old day may be).
        while (days.Count > DaysKeptOpen)
        {
            var oldest = days.Keys.Where(d => d != day).Min();
            days[oldest].Dispose();
            days.Remove(oldest);
        }
        return file;
    }

    private string PathOf(DateOnly day) => Path.Combine(directory, $"usage-{day:yyyy-MM-dd}.log");

    private static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);
}
