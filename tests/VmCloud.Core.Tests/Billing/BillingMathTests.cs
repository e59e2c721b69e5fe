using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Billing;

namespace VmCloud.Core.Tests.Billing;

/// <summary>The pure billing core: hours and months, monthly caps, invoices and budgets.</summary>
public sealed class BillingMathTests
{
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Hours => new()
    {
        { "2026-11-21T10:59:59.999Z", "2026-11-21T10:00:00Z" },
        { "2026-11-21T11:00:00Z", "2026-11-21T11:00:00Z" },
        { "2026-12-01T00:30:00+02:00", "2026-11-30T22:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Hours))]
    public void HourOf_IsTheUtcHourStart(string time, string hour) =>
        Assert.Equal(DateTimeOffset.Parse(hour), BillingTime.HourOf(DateTimeOffset.Parse(time)));

    [Theory]
    [InlineData("2026-11-21T10:00:00Z", "2026-11-21T11:14:59Z", false)]
    [InlineData("2026-11-21T10:00:00Z", "2026-11-21T11:15:00Z", true)]
    public void IsClosed_AfterTheHourAndTheGrace(string hour, string now, bool closed) =>
        Assert.Equal(closed, BillingTime.IsClosed(DateTimeOffset.Parse(hour), DateTimeOffset.Parse(now), TimeSpan.FromMinutes(15)));

    [Fact]
    public void MonthlyCaps_ChargeTheRemainderThenNothing_AndRestartEachMonth()
    {
        // 10 EUR an hour, at most 25 a month: 10, 10, 5, 0; December starts again.
        var charges = MonthlyCaps.ChargeAll([
            Record("a", November.AddHours(3)), Record("a", November.AddHours(1)), Record("a", November.AddHours(2)),
            Record("a", November.AddHours(4)), Record("a", November.AddMonths(1)), Record("b", November)]);

        Assert.Equal([10m, 10m, 10m, 5m, 0m, 10m], charges.Select(c => c.ListEuros));
        Assert.Equal(["b", "a", "a", "a", "a", "a"], charges.Select(c => c.Record.Uid));
        Assert.Equal([false, false, false, true, true, false], charges.Select(c => c.Capped));
    }

    [Fact]
    public void Preview_DoesNotCount()
    {
        var caps = new MonthlyCaps();
        caps.Charge(Record("a", November));
        caps.Charge(Record("a", November.AddHours(1)));

        var preview = caps.Preview([Record("a", November.AddHours(2)), Record("a", November.AddHours(3))]);

        Assert.Equal([5m, 0m], preview.Select(c => c.ListEuros));
        Assert.Equal(5m, caps.Charge(Record("a", November.AddHours(2))).ListEuros);
    }

    [Fact]
    public void Net_IsAfterTheDiscount()
    {
        var charge = new MonthlyCaps().Charge(Record("a", November, discount: 0.3m));
        Assert.Equal(7m, charge.NetEuros);
        Assert.Equal(3m, charge.DiscountEuros);
    }

    [Fact]
    public void Invoice_OneLinePerResourceAndPlan_RoundedToCents_FinalOnceTheMonthIsClosed()
    {
        var records = new[]
        {
            Record("a", November, hourly: 0.0397260274m, discount: 0.17m),
            Record("a", November.AddHours(1), hourly: 0.0397260274m, discount: 0.17m),
            Record("a", November.AddHours(2), hourly: 0.0671232877m, discount: 0.17m) with { Plan = "VPS-STARTER" },
            Record("c", November, tenant: "client", account: "agency"),
        };
        var end = November.AddMonths(1);

        var invoice = Invoices.Build("tenant", November, records, includeClients: false, "EUR", end.AddMinutes(14), TimeSpan.FromMinutes(15));
        var agency = Invoices.Build("agency", November, records, includeClients: true, "EUR", end.AddMinutes(15), TimeSpan.FromMinutes(15));

        Assert.Equal(["VPS-NANO", "VPS-STARTER"], invoice.Lines.Select(l => l.Plan));
        Assert.Equal(2, invoice.Lines[0].Hours);
        Assert.Equal(0.08m, invoice.Lines[0].ListEuros);   // 0.0794520548
        Assert.Equal(0.07m, invoice.Lines[0].NetEuros);    // 0.0659452055
        Assert.Equal(invoice.Lines.Sum(l => l.NetEuros), invoice.TotalEuros);
        Assert.False(invoice.Final);
        Assert.True(agency.Final);
        Assert.Equal(["agency", "client"], agency.Tenants);
        Assert.Equal(10m, agency.TotalEuros);
    }

    [Theory]
    [InlineData(0, null, "UnderThresholds")]
    [InlineData(499.99, null, "UnderThresholds")]
    [InlineData(500, 50, "Threshold50")]
    [InlineData(799, 50, "Threshold50")]
    [InlineData(1000, 100, "Threshold100")]
    [InlineData(2500, 100, "Threshold100")]
    public void Budget_ReportsTheHighestThresholdReached(double spent, int? threshold, string reason)
    {
        var state = BudgetState.Of(new Budget { MonthlyEuros = 1000, AlertThresholds = [50, 80, 100] }, (decimal)spent);
        Assert.Equal(threshold, state.Threshold);
        Assert.Equal(reason, state.Reason);
        Assert.Contains("1000 EUR monthly budget", state.Message, StringComparison.Ordinal);
    }

    private static UsageRecord Record(string uid, DateTimeOffset hour, decimal hourly = 10m, decimal discount = 0m, string tenant = "tenant", string account = "tenant") =>
        new(uid, hour, tenant, account, "VirtualServer", uid, "VPS-NANO", 1, hourly, 25m, discount);
}
