namespace VmCloud.Core.Billing;

/// <summary>One resource (and plan) on an invoice; amounts in euros, rounded to cents.</summary>
/// <param name="Tenant">The tenant the resource belongs to.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Name">Its name.</param>
/// <param name="Plan">The plan billed (a plan change starts a new line).</param>
/// <param name="Uid">Its uid.</param>
/// <param name="Hours">Started hours billed.</param>
/// <param name="HourlyEuros">The list rate of its last hour (unrounded).</param>
/// <param name="ListEuros">Hours at their rates, before the cap.</param>
/// <param name="CappedEuros">After the monthly cap.</param>
/// <param name="CapApplied">The monthly cap lowered the amount.</param>
/// <param name="DiscountRatio">The discount of its last hour.</param>
/// <param name="DiscountEuros">The discount in euros.</param>
/// <param name="NetEuros">What is due.</param>
public sealed record InvoiceLine(
    string Tenant, string Kind, string Name, string Plan, string Uid, int Hours, decimal HourlyEuros,
    decimal ListEuros, decimal CappedEuros, bool CapApplied, decimal DiscountRatio, decimal DiscountEuros, decimal NetEuros);

/// <summary>A tenant's invoice for a calendar month, from the ledger.</summary>
/// <param name="Tenant">The tenant invoiced.</param>
/// <param name="Month">The month's first instant, UTC.</param>
/// <param name="Currency">EUR.</param>
/// <param name="Final">Every hour of the month is closed: the invoice will not change.</param>
/// <param name="Tenants">The tenants whose resources it covers (the agency and its clients when asked).</param>
/// <param name="Lines">One per resource and plan, by tenant, kind and name.</param>
/// <param name="ListEuros">Sum of the lines before caps.</param>
/// <param name="CapSavingsEuros">What the monthly caps took off.</param>
/// <param name="DiscountEuros">What the discounts took off.</param>
/// <param name="TotalEuros">What is due.</param>
public sealed record Invoice(
    string Tenant, DateTimeOffset Month, string Currency, bool Final, IReadOnlyList<string> Tenants, IReadOnlyList<InvoiceLine> Lines,
    decimal ListEuros, decimal CapSavingsEuros, decimal DiscountEuros, decimal TotalEuros);

/// <summary>Builds invoices from usage records. Pure.</summary>
public static class Invoices
{
    /// <summary>
    /// The invoice of <paramref name="tenant"/> for the month starting at <paramref name="month"/>.
    /// </summary>
    /// <param name="tenant">The tenant invoiced.</param>
    /// <param name="month">The month (any instant in it).</param>
    /// <param name="records">The month's records of the tenant's billing account (other records are ignored).</param>
    /// <param name="includeClients">Also bill the clients of an agency (the records whose account is the tenant).</param>
    /// <param name="currency">The catalogue's currency.</param>
    /// <param name="now">The time the invoice is made, which decides whether it is final.</param>
    /// <param name="grace">How long an hour stays open for late reports.</param>
    public static Invoice Build(string tenant, DateTimeOffset month, IEnumerable<UsageRecord> records, bool includeClients,
        string currency, DateTimeOffset now, TimeSpan grace)
    {
        var start = BillingTime.MonthOf(month);
        var end = start.AddMonths(1);
        var mine = records.Where(r => r.Hour >= start && r.Hour < end && (includeClients ? r.Account == tenant || r.Tenant == tenant : r.Tenant == tenant));
        var lines = MonthlyCaps.ChargeAll(mine)
            .GroupBy(c => (c.Record.Tenant, c.Record.Uid, c.Record.Plan))
            .Select(Line)
            .OrderBy(l => l.Tenant, StringComparer.Ordinal).ThenBy(l => l.Kind, StringComparer.Ordinal)
            .ThenBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Plan, StringComparer.Ordinal)
            .ToList();
        var list = lines.Sum(l => l.ListEuros);
        var capped = lines.Sum(l => l.CappedEuros);
        var net = lines.Sum(l => l.NetEuros);
        var tenants = lines.Select(l => l.Tenant).Append(tenant).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Invoice(tenant, start, currency, BillingTime.IsClosed(end.AddHours(-1), now, grace), tenants, lines,
            list, list - capped, capped - net, net);
    }

    private static InvoiceLine Line(IEnumerable<HourCharge> hours)
    {
        var charges = hours.OrderBy(c => c.Record.Hour).ToList();
        var last = charges[^1].Record;
        var list = Cents(charges.Sum(c => c.Record.HourlyEuros));
        var capped = Cents(charges.Sum(c => c.ListEuros));
        var net = Cents(charges.Sum(c => c.NetEuros));
        return new InvoiceLine(last.Tenant, last.Kind, last.Name, last.Plan, last.Uid, charges.Count, last.HourlyEuros,
            list, capped, charges.Any(c => c.Capped), last.DiscountRatio, capped - net, net);
    }

    private static decimal Cents(decimal euros) => Math.Round(euros, 2, MidpointRounding.AwayFromZero);
}
