using System.Text.Json;
using VmCloud.Core.Billing;
using VmCloud.Core.Metrics;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Metering.Postgres;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>
/// The 48 simulated hours of <see cref="MeteringScenario"/> against the embedded ledger: the ledger
/// holds exactly the expected hours, invoices match amounts computed by hand, and the metrics agree.
/// </summary>
public sealed class MeteringSimulationTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset December = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string directory = Directory.CreateTempSubdirectory("vmcloud-meter-").FullName;
    private MeteringScenario scenario = null!;

    public async Task InitializeAsync()
    {
        scenario = new MeteringScenario(() => Task.FromResult<ILedger>(FileLedger.Open(directory)));
        await scenario.RunAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await scenario.DisposeAsync();
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Ledger_HoldsExactlyTheHoursEachResourceExisted()
    {
        var hours = new Dictionary<string, List<int>>();
        await using (var ledger = FileLedger.Open(directory))
            await foreach (var r in ledger.ReadAsync(MeteringScenario.Start, MeteringScenario.Start.AddHours(48), null, default))
                (hours.TryGetValue(r.Uid, out var list) ? list : hours[r.Uid] = []).Add((int)(r.Hour - MeteringScenario.Start).TotalHours);

        Assert.Equal(Range(0, 48), hours["uid-acme-web-1"]);
        Assert.Equal(Range(10, 4), hours["uid-acme-web-2"]);                 // 10:20 to 13:40
        Assert.Equal(Range(16, 32), hours["uid-acme-web-3"]);                // 16:58, seen by the delayed report
        Assert.False(hours.ContainsKey("uid-acme-web-4"));                   // only a too-late report saw it
        Assert.Equal(Range(0, 48), hours["uid-acme-gpu-1"]);
        Assert.Equal(Range(0, 12), hours["uid-agency-site"]);                // until 11:30
        Assert.Equal(Range(0, 48), hours["uid-client1-app"]);
        Assert.Equal(Range(0, 48), hours["uid-client1-data"]);
        Assert.Equal(7, hours.Count);
    }

    [Fact]
    public async Task Invoice_MatchesTheHandComputedAmounts_WithTheMonthlyCapAtTheMonthBoundary()
    {
        var november = await scenario.InvoiceAsync("acme", November);
        var december = await scenario.InvoiceAsync("acme", December);

        // acme: annual commitment, 17% off. VPS-NANO 29 EUR, VPS-STARTER 49 EUR a month; GPU-STARTER 0.85 EUR an hour, at most 469 a month.
        AssertLine(november, "web-1", hours: 24, list: 24 * Rate(29), capped: 24 * Rate(29), discount: 0.17m);
        AssertLine(november, "web-2", hours: 4, list: 4 * Rate(49), capped: 4 * Rate(49), discount: 0.17m);
        AssertLine(november, "web-3", hours: 8, list: 8 * Rate(29), capped: 8 * Rate(29), discount: 0.17m);
        // 550 hours from November 7th plus 24 on the 30th: 487.90 at the hourly price, capped at 469.
        AssertLine(november, "gpu-1", hours: 574, list: 574 * 0.85m, capped: 469m, discount: 0.17m);
        Assert.True(november.Lines.Single(l => l.Name == "gpu-1").CapApplied);
        Assert.Equal(4, november.Lines.Count);
        Assert.True(november.Final);

        // December starts a new cap.
        AssertLine(december, "gpu-1", hours: 24, list: 24 * 0.85m, capped: 24 * 0.85m, discount: 0.17m);
        Assert.False(december.Lines.Single(l => l.Name == "gpu-1").CapApplied);
        AssertLine(december, "web-1", hours: 24, list: 24 * Rate(29), capped: 24 * Rate(29), discount: 0.17m);
        Assert.False(december.Final);
        Assert.Equal(november.Lines.Sum(l => l.NetEuros), november.TotalEuros);
    }

    [Fact]
    public async Task AgencyInvoice_IncludesItsClients_WithDiscountsCappedAt30Percent()
    {
        var own = await scenario.InvoiceAsync("agency", December);
        var withClients = await scenario.InvoiceAsync("agency", December, clients: true);

        Assert.Empty(own.Lines);
        Assert.Equal(["agency", "client1"], withClients.Tenants);
        // Annual 17% + partner 15% = 32%, capped at 30%. The volume grew from 100 to 200 GiB at 06:30: hour 6 stays at 100.
        AssertLine(withClients, "app", hours: 24, list: 24 * Rate(99), capped: 24 * Rate(99), discount: 0.30m);
        var data = 7 * Rate(100 * 0.10m) + 17 * Rate(200 * 0.10m);
        AssertLine(withClients, "data", hours: 24, list: data, capped: data, discount: 0.30m);
        var november = await scenario.InvoiceAsync("agency", November, clients: true);
        AssertLine(november, "site", hours: 12, list: 12 * Rate(29), capped: 12 * Rate(29), discount: 0.30m);
    }

    [Fact]
    public async Task Metrics_AgreeWithTheInvoices()
    {
        var invoices = new[] { await scenario.InvoiceAsync("acme", November), await scenario.InvoiceAsync("acme", December) };
        var families = scenario.Meter.Totals.Collect().ToDictionary(f => f.Name);

        var charged = families["vmcloud_billing_charged_euros_total"].Samples
            .Where(s => s.Labels.Contains(new Label("tenant", "acme"))).Sum(s => s.Value);
        var lines = invoices.Sum(i => i.Lines.Count);
        Assert.InRange(charged, (double)invoices.Sum(i => i.TotalEuros) - 0.005 * lines, (double)invoices.Sum(i => i.TotalEuros) + 0.005 * lines);
        Assert.Equal(1, families["vmcloud_billing_late_reports_total"].Samples.Single().Value);
        Assert.Equal(MeteringScenario.Start.AddHours(47).ToUnixTimeSeconds(), families["vmcloud_billing_last_closed_hour_timestamp_seconds"].Samples.Single().Value);
    }

    internal static decimal Rate(decimal monthly) => Math.Round(monthly / 730m, UsageRecords.Scale, MidpointRounding.AwayFromZero);

    private static void AssertLine(Invoice invoice, string name, int hours, decimal list, decimal capped, decimal discount)
    {
        var line = invoice.Lines.Single(l => l.Name == name);
        Assert.Equal(hours, line.Hours);
        Assert.Equal(Cents(list), line.ListEuros);
        Assert.Equal(Cents(capped), line.CappedEuros);
        Assert.Equal(Cents(capped * (1 - discount)), line.NetEuros);
        Assert.Equal(discount, line.DiscountRatio);
    }

    private static decimal Cents(decimal euros) => Math.Round(euros, 2, MidpointRounding.AwayFromZero);

    private static List<int> Range(int start, int count) => [.. Enumerable.Range(start, count)];
}

/// <summary>The same 48 hours against PostgreSQL: the invoices are identical to the embedded ledger's.</summary>
public sealed class PostgresMeteringTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [PostgresFact]
    public async Task SameScenario_GivesIdenticalInvoices_OnBothLedgers()
    {
        var directory = Directory.CreateTempSubdirectory("vmcloud-meter-").FullName;
        var connection = await postgres.CreateDatabaseAsync();
        var embedded = new MeteringScenario(() => Task.FromResult<ILedger>(FileLedger.Open(directory)));
        var database = new MeteringScenario(async () => await PostgresLedger.OpenAsync(connection, default));
        try
        {
            await embedded.RunAsync();
            await database.RunAsync();
            foreach (var (tenant, clients) in new[] { ("acme", false), ("agency", true), ("client1", false) })
                foreach (var month in new[] { new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) })
                {
                    var expected = JsonSerializer.Serialize(await embedded.InvoiceAsync(tenant, month, clients));
                    Assert.Equal(expected, JsonSerializer.Serialize(await database.InvoiceAsync(tenant, month, clients)));
                }
        }
        finally
        {
            await embedded.DisposeAsync();
            await database.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
