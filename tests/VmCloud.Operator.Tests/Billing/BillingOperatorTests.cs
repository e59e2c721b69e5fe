using System.Text.Json.Nodes;
using VmCloud.Cli;
using VmCloud.Core.Billing;
using VmCloud.Engine.Metering.Postgres;
using VmCloud.Tests;

namespace VmCloud.Operator.Tests.Billing;

/// <summary>
/// Billing end to end with real parts: PostgreSQL (Debian's package) as the ledger, holding the hours
/// an earlier operator recorded; the real operator over examples/gitops; the example fleet as real
/// agent sessions; a real Prometheus scraping the operator; and <c>vmcl invoice</c>.
/// </summary>
public sealed class BillingOperatorTests : IAsyncLifetime
{
    // What an earlier run recorded for a tenant no longer in Git: 3 closed hours of a server at 0.50 EUR
    // an hour with 20% off, and of a GPU instance at 2.00 EUR an hour: 3 x 0.40 + 3 x 2.00 = 7.20 EUR.
    private const string Archive = "archive";
    private readonly string work = Directory.CreateTempSubdirectory("vmcloud-billing-").FullName;
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private PostgresServer? postgres;
    private OperatorProcess? running;
    private ExampleFleet? fleet;
    private decimal expectedArchive;

    private OperatorProcess Operator => running!;

    public async Task InitializeAsync()
    {
        if (PostgresServer.Unavailable is { } why) Assert.Fail($"{why}; scripts/install-deps installs it");
        postgres = await PostgresServer.StartAsync();
        var connection = await postgres.CreateDatabaseAsync("vmcloud");
        await SeedEarlierRunAsync(connection);
        var connectionFile = Path.Join(work, "ledger-connection");
        await File.WriteAllTextAsync(connectionFile, connection);

        fleet = await ExampleFleet.PrepareAsync(work);
        running = await OperatorProcess.StartAsync(RepoPaths.Combine("examples", "gitops"), RepoPaths.Combine("policies"),
            TimeSpan.FromSeconds(1), ["--agent-tokens", fleet.TokenFile, "--ledger-postgres", connectionFile]);
        fleet.Start(running.Address);
    }

    [Fact]
    public async Task Prometheus_AnswersTheChargedEuros_OfTheLedger()
    {
        await using var prometheus = await PrometheusServer.StartAsync(new Uri(Operator.Address, "metrics"));
        var answer = await prometheus.WaitForQueryAsync($"sum(vmcloud_billing_charged_euros_total{{tenant=\"{Archive}\"}})",
            a => a.Count == 1 && Math.Abs(a[0].Value - (double)expectedArchive) < 1e-9);
        Assert.Equal((double)expectedArchive, answer[0].Value, 9);

        // Live usage: what the agents confirm is billed in the current hour.
        await prometheus.WaitForQueryAsync("sum(vmcloud_billing_hourly_rate_euros{tenant=\"kestrel-analytics\"})", a => a.Count == 1 && a[0].Value > 0,
            TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Invoice_CountsEachConfirmedHourOnce_AcrossAnOperatorKill_AndAgreesWithTheMetrics()
    {
        var month = started.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var billable = 0;
        foreach (var plural in new[] { "virtualservers", "gpuinstances", "volumes" })
            billable += ExampleOperator.Items(await Operator.GetJsonAsync($"{ExampleOperator.ApiRoot}/namespaces/kestrel-analytics/{plural}")).Count;
        var before = await WaitForInvoiceAsync("kestrel-analytics", month, billable);
        await Operator.KillAndRestartAsync();
        var after = await WaitForInvoiceAsync("kestrel-analytics", month, billable);

        // The agents reported many times on either side of the kill; each resource counts at most the hours that passed.
        var hoursSpanned = (int)(BillingTime.HourOf(DateTimeOffset.UtcNow) - BillingTime.HourOf(started)).TotalHours + 1;
        Assert.All(after["lines"]!.AsArray(), l => Assert.InRange((int)l!["hours"]!, 1, hoursSpanned));
        Assert.Equal(before["lines"]!.AsArray().Count, after["lines"]!.AsArray().Count);

        var total = (double)after["totalEuros"]!;
        // The restarted operator reads the ledger before it counts: wait for its month to date.
        const string series = "vmcloud_tenant_month_to_date_euros{tenant=\"kestrel-analytics\"}";
        var text = await Operator.WaitForAsync("the month to date of kestrel-analytics", () => Operator.GetAsync("/metrics"),
            m => m.Text.Contains(series + " ", StringComparison.Ordinal));
        var monthToDate = MetricValue(text.Text, series);
        Assert.InRange(monthToDate, total - 0.005 * after["lines"]!.AsArray().Count, total + 0.005 * after["lines"]!.AsArray().Count);
        Assert.Equal((double)expectedArchive, MetricSum(text.Text, $"vmcloud_billing_charged_euros_total{{tenant=\"{Archive}\""), 9);

        var csv = await VmclAsync("invoice", "--tenant", "kestrel-analytics", "--month", month, "-o", "csv");
        Assert.StartsWith("tenant,kind,name,plan,uid,hours,", csv, StringComparison.Ordinal);
        Assert.Contains("\nTOTAL,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoice_OfAnUnknownTenant_IsNotFound_AndABadMonthIsAUsageError()
    {
        var (code, _, error) = await VmclRunAsync("invoice", "--tenant", "nobody", "--month", "2026-01");
        Assert.Equal(Vmcl.Invalid, code);
        Assert.Contains("no tenant \"nobody\"", error, StringComparison.Ordinal);
        (code, _, error) = await VmclRunAsync("invoice", "--tenant", "acme", "--month", "2026-13");
        Assert.Equal(Vmcl.UsageError, code);
        Assert.Contains("YYYY-MM", error, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (fleet is not null) await fleet.DisposeAsync();
        if (running is not null) await running.DisposeAsync();
        if (postgres is not null) await postgres.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    private async Task SeedEarlierRunAsync(string connection)
    {
        var now = DateTimeOffset.UtcNow;
        // Only hours of the months the operator reads at start count (at 00:30 on the 1st, last month's are done).
        var hours = Enumerable.Range(2, 3).Select(h => BillingTime.HourOf(now).AddHours(-h))
            .Where(h => h >= BillingTime.MonthOf(now - TimeSpan.FromMinutes(75))).ToList();
        var records = hours.SelectMany(h => new[]
        {
            new UsageRecord("old-web", h, Archive, Archive, "VirtualServer", "old-web", "VPS-STARTER", 1, 0.5m, 49m, 0.2m),
            new UsageRecord("old-gpu", h, Archive, Archive, "GpuInstance", "old-gpu", "GPU-STARTER", 1, 2m, 469m, 0m),
        }).ToList();
        await using var ledger = await PostgresLedger.OpenAsync(connection, default);
        Assert.Equal(records.Count, await ledger.RecordAsync(records, default));
        expectedArchive = hours.Count * (0.5m * 0.8m + 2m);
    }

    private async Task<JsonObject> WaitForInvoiceAsync(string tenant, string month, int lines) =>
        (JsonObject)(await Operator.WaitForAsync($"an invoice of {tenant} with a line for each of its {lines} servers and volumes", async () =>
            (await Operator.GetAsync($"/billing/v1/invoices/{tenant}?month={month}")).Body,
            body => body?["lines"] is JsonArray array && array.Count == lines, TimeSpan.FromSeconds(120)))!;

    private async Task<string> VmclAsync(params string[] args)
    {
        var (code, output, error) = await VmclRunAsync(args);
        Assert.True(code == Vmcl.Ok, $"vmcl {string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    private async Task<(int Code, string Output, string Error)> VmclRunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Vmcl.RunAsync([.. args, "--server", Operator.Address.ToString()], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static double MetricValue(string exposition, string series) =>
        double.Parse(exposition.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal)).Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static double MetricSum(string exposition, string prefix) =>
        exposition.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));
}
