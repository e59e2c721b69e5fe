using VmCloud.Core.Billing;
using VmCloud.Engine.Metering;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>
/// The rules of <see cref="ILedger"/>, run against every back end: one subclass per ledger. Each test
/// gets a new, empty ledger; "reopen" closes it and opens the same one again.
/// </summary>
public abstract class LedgerContractTests : IAsyncLifetime
{
    /// <summary>An hour in the middle of a month, so reads across midnight and days are exercised.</summary>
    protected static readonly DateTimeOffset H0 = new(2026, 11, 14, 22, 0, 0, TimeSpan.Zero);

    private ILedger? ledger;

    /// <summary>The ledger under test.</summary>
    protected ILedger Ledger => ledger ?? throw new InvalidOperationException("the ledger is not open");

    /// <summary>Opens the test's ledger: empty the first time, then the same one again after a close.</summary>
    protected abstract Task<ILedger> OpenAsync();

    /// <summary>Removes what the back end left behind, after the ledger is closed.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => ledger = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (ledger is not null) await ledger.DisposeAsync();
        await CleanUpAsync();
    }

    [PostgresFact]
    public async Task Record_CountsNewRecords_AndReadsThemBack()
    {
        UsageRecord[] records = [Usage("vm-1", H0), Usage("vm-2", H0), Usage("vm-1", H0.AddHours(1))];

        Assert.Equal(3, await Ledger.RecordAsync(records, default));

        Assert.Equal(records, await ReadAsync(H0, H0.AddHours(2)));
    }

    [PostgresFact]
    public async Task Record_AKeyAlreadyThere_CountsZero_AndKeepsTheFirstRecord()
    {
        var first = Usage("vm-1", H0);
        await Ledger.RecordAsync([first], default);
        var changed = first with { Tenant = "other", Account = "other", Plan = "VPS-XL", HourlyEuros = 9m, DiscountRatio = 0.3m };

        Assert.Equal(0, await Ledger.RecordAsync([changed], default));
        Assert.Equal(1, await Ledger.RecordAsync([changed, Usage("vm-2", H0)], default));

        Assert.Equal([first, Usage("vm-2", H0)], await ReadAsync(H0, H0.AddHours(1)));
        Assert.Empty(await ReadAsync(H0, H0.AddHours(1), "other"));
    }

    [PostgresFact]
    public async Task Record_DuplicatesInOneBatch_AreCountedOnce_AndTheFirstOccurrenceWins()
    {
        var first = Usage("vm-1", H0);
        var second = first with { Name = "second", HourlyEuros = 2m };

        Assert.Equal(2, await Ledger.RecordAsync([first, Usage("vm-2", H0), second, first], default));

        Assert.Equal([first, Usage("vm-2", H0)], await ReadAsync(H0, H0.AddHours(1)));
    }

    [PostgresFact]
    public async Task Record_AnEmptyBatch_CountsZero()
    {
        Assert.Equal(0, await Ledger.RecordAsync([], default));

        Assert.Empty(await ReadAsync(H0.AddDays(-40), H0.AddDays(40)));
    }

    [PostgresFact]
    public async Task Record_ALateRecordForAnOlderDay_IsKept_AfterNewerDaysWereWritten()
    {
        // A meter catching up after an outage records hours days older than the ones written last.
        for (var day = 0; day < 5; day++) await Ledger.RecordAsync([Usage("vm-1", H0.AddDays(day))], default);

        Assert.Equal(1, await Ledger.RecordAsync([Usage("vm-2", H0)], default));
        Assert.Equal(0, await Ledger.RecordAsync([Usage("vm-1", H0), Usage("vm-2", H0)], default));

        Assert.Equal([Usage("vm-1", H0), Usage("vm-2", H0)], await ReadAsync(H0, H0.AddHours(1)));
        Assert.Equal(6, (await ReadAsync(H0, H0.AddDays(5))).Count);
    }

    [PostgresFact]
    public async Task Read_OrdersByHourThenOrdinalUid_WithinFromIncludedToExcluded()
    {
        // Ordinal order: "B" < "_" < "a" < "b" (a culture order would put a, b before B).
        string[] uids = ["b", "_", "B", "a"];
        var all = Enumerable.Range(0, 5).SelectMany(h => uids.Select(uid => Usage(uid, H0.AddHours(h)))).ToList();
        await Ledger.RecordAsync(all.Where((_, i) => i % 2 == 1).Reverse().ToList(), default);
        await Ledger.RecordAsync(all.Where((_, i) => i % 2 == 0).ToList(), default);

        var read = await ReadAsync(H0.AddHours(1), H0.AddHours(4));

        var expected = all.Where(r => r.Hour >= H0.AddHours(1) && r.Hour < H0.AddHours(4))
            .OrderBy(r => r.Hour).ThenBy(r => r.Uid, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, read);
        Assert.Equal(["B", "_", "a", "b"], read.Take(4).Select(r => r.Uid));
        Assert.Equal(all.Count(r => r.Hour > H0), (await ReadAsync(H0.AddMinutes(1), H0.AddDays(1))).Count);
        Assert.Empty(await ReadAsync(H0.AddHours(2), H0.AddHours(2)));
        Assert.Empty(await ReadAsync(H0.AddHours(3), H0.AddHours(1)));
    }

    [PostgresFact]
    public async Task Read_ForAnAccount_ReturnsOnlyThatAccountsRecords()
    {
        UsageRecord[] agency = [Usage("vm-1", H0, account: "agency"), Usage("vm-2", H0.AddHours(1), tenant: "client-a", account: "agency")];
        await Ledger.RecordAsync([agency[1], Usage("vm-3", H0, account: "solo"), agency[0], Usage("vm-4", H0.AddHours(1))], default);

        Assert.Equal(agency, await ReadAsync(H0, H0.AddHours(2), "agency"));
        Assert.Empty(await ReadAsync(H0, H0.AddHours(2), "nobody"));
        Assert.Equal(4, (await ReadAsync(H0, H0.AddHours(2))).Count);
    }

    [PostgresFact]
    public async Task Record_KeepsMoneyWithTwelveDecimalsAndQuantityWithThree_Exactly()
    {
        UsageRecord[] records =
        [
            Usage("vm-1", H0) with { Quantity = 12345.678m, HourlyEuros = 0.000000000001m, MonthlyCapEuros = 999999999999.999999999999m, DiscountRatio = 0.283333333333m },
            Usage("vm-2", H0) with { Quantity = 0.001m, HourlyEuros = 0.013698630137m, MonthlyCapEuros = 10.000000000001m, DiscountRatio = 0m },
            Usage("vm-3", H0) with { Quantity = 1m, HourlyEuros = 1234.567890123456m, MonthlyCapEuros = 901234.567890123456m, DiscountRatio = 0.3m },
        ];
        await Ledger.RecordAsync(records, default);

        var read = await ReadAsync(H0, H0.AddHours(1));

        Assert.Equal(records, read);
        // Equal by value, and printed the same: no trailing zeros added by the storage.
        Assert.Equal(records.Select(Money), read.Select(Money));
    }

    [PostgresFact]
    public async Task Read_ReturnsHoursInUtc_WhateverOffsetTheyWereRecordedWith()
    {
        var paris = new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.FromHours(1));
        await Ledger.RecordAsync([Usage("vm-1", paris), Usage("vm-2", H0)], default);

        var read = await ReadAsync(H0, H0.AddHours(2));

        Assert.All(read, r => Assert.Equal(TimeSpan.Zero, r.Hour.Offset));
        Assert.Equal([H0, H0.AddHours(1)], read.Select(r => r.Hour));
        Assert.Equal(new DateTimeOffset(2026, 11, 14, 23, 0, 0, TimeSpan.Zero), read[1].Hour);
        Assert.Equal(0, await Ledger.RecordAsync([Usage("vm-1", paris.ToUniversalTime())], default));
    }

    [PostgresFact]
    public async Task Reopen_KeepsEveryRecord_AndRecordingThemAgainCountsZero()
    {
        var records = Enumerable.Range(0, 30).Select(i => Usage($"vm-{i % 10}", H0.AddHours(i / 10 * 12))).ToList();
        await Ledger.RecordAsync(records[..20], default);
        await Ledger.RecordAsync(records[20..], default);

        await ReopenAsync();

        Assert.Equal(Sorted(records), await ReadAsync(H0, H0.AddDays(2)));
        Assert.Equal(0, await Ledger.RecordAsync(records, default));
        Assert.Equal(1, await Ledger.RecordAsync([Usage("vm-new", H0)], default));
    }

    [PostgresFact]
    public async Task Record_FromConcurrentTasks_StoresEachKeyOnce_AndTheCountsSumToTheDistinctKeys()
    {
        // 8 writers over 400 keys, each writing a window of 150 that overlaps its neighbours', in batches of 10 to 30.
        var keys = Enumerable.Range(0, 400).Select(i => Usage($"vm-{i % 40:00}", H0.AddHours(i / 40))).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var window = Enumerable.Range(w * 40, 150).Select(i => keys[i % keys.Count]).ToList();
            var random = new Random(w);
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(window));
            await start.Task;
            var added = 0;
            for (var i = 0; i < window.Count; i += 10 + w * 3)
                added += await Ledger.RecordAsync(window[i..Math.Min(window.Count, i + 10 + w * 3)], default);
            return added;
        })).ToList();
        start.SetResult();

        var counts = await Task.WhenAll(writers);

        var distinct = Enumerable.Range(0, 8).SelectMany(w => Enumerable.Range(w * 40, 150).Select(i => i % keys.Count)).Distinct().Count();
        Assert.Equal(distinct, counts.Sum());
        var read = await ReadAsync(H0, H0.AddDays(1));
        Assert.Equal(distinct, read.Count);
        Assert.Equal(read.Count, read.Select(r => r.Key).Distinct().Count());
    }

    [PostgresFact]
    public async Task Read_WithACancelledToken_ThrowsOperationCanceled()
    {
        await Ledger.RecordAsync([Usage("vm-1", H0)], default);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAsync(H0, H0.AddHours(1), token: cancelled.Token));
    }

    [PostgresFact]
    public async Task Read_CancelledWhileStreaming_StopsWithOperationCanceled()
    {
        // 50 records of one hour, so the back end has them all at hand when the reader cancels.
        await Ledger.RecordAsync(Enumerable.Range(0, 50).Select(i => Usage($"vm-{i:00}", H0)).ToList(), default);
        using var cancel = new CancellationTokenSource();
        await using var reader = Ledger.ReadAsync(H0, H0.AddHours(1), null, cancel.Token).GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.MoveNextAsync());
    }

    /// <summary>Closes the ledger and opens it again.</summary>
    protected async Task ReopenAsync()
    {
        await Ledger.DisposeAsync();
        ledger = null;
        ledger = await OpenAsync();
    }

    /// <summary>A record of a VPS-S for <paramref name="uid"/> at <paramref name="hour"/>.</summary>
    protected static UsageRecord Usage(string uid, DateTimeOffset hour, string tenant = "acme", string account = "acme") =>
        new(uid, hour, tenant, account, "VirtualServer", $"web-{uid}", "VPS-S", 1m, 0.013698630137m, 10m, 0.15m);

    /// <summary>Everything in [<paramref name="from"/>, <paramref name="to"/>), read to the end.</summary>
    protected async Task<List<UsageRecord>> ReadAsync(DateTimeOffset from, DateTimeOffset to, string? account = null, CancellationToken token = default)
    {
        var read = new List<UsageRecord>();
        await foreach (var record in Ledger.ReadAsync(from, to, account, token)) read.Add(record);
        return read;
    }

    private static List<UsageRecord> Sorted(IEnumerable<UsageRecord> records) =>
        records.OrderBy(r => r.Hour).ThenBy(r => r.Uid, StringComparer.Ordinal).ToList();

    private static string Money(UsageRecord r) => $"{r.Quantity} {r.HourlyEuros} {r.MonthlyCapEuros} {r.DiscountRatio}";
}
