using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.Agents;
using VmCloud.Core.Billing;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>The meter when its ledger fails: nothing is lost, nothing counts twice.</summary>
public sealed class UsageMeterTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 5, 0, TimeSpan.Zero);
    private readonly string directory = Directory.CreateTempSubdirectory("vmcloud-meter-").FullName;
    private readonly ManualTimeProvider clock = new(Start);
    private readonly MemoryStore store = new();
    private readonly CustomResource web = TestObjects.Vps("acme", "web") with { Metadata = new ObjectMeta { Name = "web", Namespace = "acme", Uid = "uid-web" } };
    private FlakyLedger ledger = null!;

    public Task InitializeAsync()
    {
        ledger = new FlakyLedger(FileLedger.Open(directory));
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await ledger.DisposeAsync();
        store.Dispose();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task AFailedWrite_RefusesTheReport_AndTheNextReportRecordsTheHour()
    {
        var meter = await StartAsync();
        ledger.FailWrites = true;

        await Assert.ThrowsAsync<LedgerException>(() => meter.ObserveAsync(Report(), clock.GetUtcNow(), default));
        ledger.FailWrites = false;
        await meter.ObserveAsync(Report(), clock.GetUtcNow(), default);

        Assert.Equal(1, Sample(meter, "vmcloud_billing_ledger_errors_total"));
        Assert.Equal(1, Sample(meter, "vmcloud_billing_usage_records_total"));
        Assert.Single(await ReadAllAsync());
    }

    [Fact]
    public async Task AReadThatFailsHalfway_IsReadAgain_WithoutCountingTwice()
    {
        var hours = Enumerable.Range(1, 4).Select(h => BillingTime.HourOf(Start).AddHours(-h)).ToList();
        await ledger.RecordAsync([.. hours.Select(h => UsageRecords.For(web, null, null, h, TestObjects.Policies.Catalog)!)], default);
        ledger.FailReadAfter = 2;
        var meter = NewMeter();

        await Assert.ThrowsAsync<LedgerException>(() => meter.LoadAsync(default));
        ledger.FailReadAfter = null;
        await meter.LoadAsync(default);

        // At 10:05 the 09:00 hour is still open (grace 15 min): 3 closed hours of a VPS-NANO at 29/730 an hour.
        var charged = meter.Totals.Collect().Single(f => f.Name == "vmcloud_billing_charged_euros_total").Samples.Single().Value;
        Assert.Equal((double)(3 * Math.Round(29m / 730, 12)), charged, 9);
    }

    [Fact]
    public async Task MonthToDate_CountsTheOpenHoursReadAtLoad_EvenAfterAScrapeBeforeIt()
    {
        await ledger.RecordAsync([UsageRecords.For(web, null, null, Start, TestObjects.Policies.Catalog)!], default);
        var meter = NewMeter();
        Assert.DoesNotContain(meter.Totals.Collect(), f => f.Name == "vmcloud_tenant_month_to_date_euros" && f.Samples.Count > 0);

        await meter.LoadAsync(default);

        Assert.Equal(Math.Round(29m / 730, 12), meter.Totals.MonthToDate("acme"));
    }

    [Fact]
    public async Task ReportsBeforeTheLedgerIsRead_AreRefused()
    {
        var meter = NewMeter();
        var refused = await Assert.ThrowsAsync<LedgerException>(() => meter.ObserveAsync(Report(), clock.GetUtcNow(), default));
        Assert.Contains("still being read", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentClockAhead_NeverBillsAnHourNotStarted()
    {
        var meter = await StartAsync();
        await meter.ObserveAsync(Report(observedAt: Start.AddHours(3)), clock.GetUtcNow(), default);
        Assert.Equal(BillingTime.HourOf(Start), Assert.Single(await ReadAllAsync()).Hour);
    }

    private UsageMeter NewMeter() => new(ledger, store, TestObjects.Policies.Catalog, clock, NullLogger<UsageMeter>.Instance)
    {
        ObjectOf = uid => uid == web.Metadata.Uid ? web : null,
    };

    private async Task<UsageMeter> StartAsync()
    {
        var meter = NewMeter();
        await meter.LoadAsync(default);
        return meter;
    }

    private NodeReport Report(DateTimeOffset? observedAt = null) => new(AgentProtocol.Version, "test", "s", 1, 1,
        new NodeInventory(8, 16384, 100, [], "none", null), [new ServerState("uid-web", 1, true, true, [], null)], [], [], [], observedAt ?? clock.GetUtcNow());

    private async Task<List<UsageRecord>> ReadAllAsync()
    {
        var all = new List<UsageRecord>();
        await foreach (var r in ledger.ReadAsync(Start.AddDays(-1), Start.AddDays(1), null, default)) all.Add(r);
        return all;
    }

    private static double Sample(UsageMeter meter, string name) => meter.Totals.Collect().Single(f => f.Name == name).Samples.Single().Value;

    /// <summary>A ledger that fails on demand: every write, or a read after some records.</summary>
    private sealed class FlakyLedger(ILedger inner) : ILedger
    {
        public bool FailWrites { get; set; }

        public int? FailReadAfter { get; set; }

        public string Description => "flaky " + inner.Description;

        public Task<int> RecordAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken) =>
            FailWrites ? throw new LedgerException("the disk is full") : inner.RecordAsync(records, cancellationToken);

        public async IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, string? account, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var read = 0;
            await foreach (var record in inner.ReadAsync(from, to, account, cancellationToken))
            {
                if (read++ == FailReadAfter) throw new LedgerException("the connection dropped");
                yield return record;
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
