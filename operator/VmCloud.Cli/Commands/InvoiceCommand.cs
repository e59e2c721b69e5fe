using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using VmCloud.Cli.Client;
using VmCloud.Core.Billing;

namespace VmCloud.Cli.Commands;

/// <summary>
/// <c>vmcl invoice --tenant T [--month YYYY-MM] [--clients] [-o table|csv|json]</c>: a tenant's invoice
/// for a calendar month from the operator's ledger: a line per resource (hours, rate, monthly cap
/// applied, discount, net), then the totals. The current month's is provisional.
/// </summary>
internal static class InvoiceCommand
{
    private const string Path = "/billing/v1/invoices/";
    private static readonly string[] AmountColumns = ["HOURS", "EUR/HOUR", "LIST EUR", "AFTER CAP", "DISCOUNT", "NET EUR"];

    public static Command Create(Terminal terminal)
    {
        var tenant = new Option<string>("--tenant", "-t") { Description = "The tenant invoiced.", Required = true };
        var month = new Option<string?>("--month") { Description = "The calendar month, YYYY-MM (default: the current month, UTC)." };
        var clients = new Option<bool>("--clients") { Description = "For an agency: include its client tenants' resources." };
        var output = new Option<string>("--output", "-o") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "csv", "json");
        var server = OperatorConnection.ServerOption();
        var command = new Command("invoice", "A tenant's invoice for a month, from the billing ledger.") { tenant, month, clients, output, server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (OperatorConnection.Server(parse.GetValue(server), terminal.Error) is not { } address) return Vmcl.UsageError;
            var period = parse.GetValue(month) ?? TimeProvider.System.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);
            if (!DateTime.TryParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                terminal.Error.WriteLine($"vmcl: --month {period}: use YYYY-MM, e.g. 2026-11");
                return Vmcl.UsageError;
            }
            using var client = new OperatorClient(address);
            var query = $"{Path}{Uri.EscapeDataString(parse.GetValue(tenant)!)}?month={period}{(parse.GetValue(clients) ? "&clients=true" : "")}";
            switch (await client.GetAsync(query, cancellationToken))
            {
                case ApiResult.Failed failed:
                    terminal.Error.WriteLine($"vmcl: {failed.Message}");
                    return failed.ExitCode;
                case ApiResult.Found found:
                    var invoice = found.Body.Deserialize<Invoice>(CliJson.Options)!;
                    Write(invoice, parse.GetValue(output)!, terminal);
                    return Vmcl.Ok;
                default:
                    return Vmcl.UsageError;
            }
        });
        return command;
    }

    private static void Write(Invoice invoice, string format, Terminal terminal)
    {
        switch (format)
        {
            case "json": terminal.Out.WriteLine(JsonSerializer.Serialize(invoice, CliJson.Options)); break;
            case "csv": terminal.Out.Write(Csv(invoice)); break;
            default: Table(invoice, terminal.Console); break;
        }
    }

    private static void Table(Invoice invoice, IAnsiConsole console)
    {
        var state = invoice.Final ? "final" : "provisional: the month's hours are not all closed";
        var table = new Table().Title($"Invoice {Markup.Escape(invoice.Tenant)} {invoice.Month:yyyy-MM} ({state})")
            .AddColumns("TENANT", "KIND", "NAME", "PLAN")
            .AddColumns(AmountColumns.Select(c => new TableColumn(c).RightAligned()).ToArray());
        foreach (var l in invoice.Lines)
            table.AddRow(Markup.Escape(l.Tenant), l.Kind, Markup.Escape(l.Name), Markup.Escape(l.Plan), l.Hours.ToString(CultureInfo.InvariantCulture),
                l.HourlyEuros.ToString("0.0000", CultureInfo.InvariantCulture), Euros(l.ListEuros),
                Euros(l.CappedEuros) + (l.CapApplied ? " (cap)" : ""), $"{l.DiscountRatio:P0} {Euros(l.DiscountEuros)}", Euros(l.NetEuros));
        console.Write(table);
        var totals = new Table().HideHeaders().AddColumn("").AddColumn(new TableColumn("").RightAligned());
        totals.AddRow("List price", Euros(invoice.ListEuros));
        totals.AddRow("Monthly caps", "-" + Euros(invoice.CapSavingsEuros));
        totals.AddRow("Discounts", "-" + Euros(invoice.DiscountEuros));
        totals.AddRow($"[bold]Total {invoice.Currency}[/]", $"[bold]{Euros(invoice.TotalEuros)}[/]");
        console.Write(totals);
    }

    private static string Csv(Invoice invoice)
    {
        var csv = new StringBuilder("tenant,kind,name,plan,uid,hours,hourly_eur,list_eur,after_cap_eur,cap_applied,discount_ratio,discount_eur,net_eur\n");
        foreach (var l in invoice.Lines)
            csv.AppendJoin(',', [Field(l.Tenant), l.Kind, Field(l.Name), Field(l.Plan), l.Uid, Num(l.Hours), Num(l.HourlyEuros), Num(l.ListEuros),
                Num(l.CappedEuros), l.CapApplied ? "true" : "false", Num(l.DiscountRatio), Num(l.DiscountEuros), Num(l.NetEuros)]).Append('\n');
        csv.AppendJoin(',', ["TOTAL", "", "", "", "", Num(invoice.Lines.Sum(l => l.Hours)), "", Num(invoice.ListEuros),
            Num(invoice.ListEuros - invoice.CapSavingsEuros), "", "", Num(invoice.DiscountEuros), Num(invoice.TotalEuros)]).Append('\n');
        return csv.ToString();
    }

    // RFC 4180: quote a field with a comma, quote or line break, doubling its quotes.
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Num<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Euros(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}
