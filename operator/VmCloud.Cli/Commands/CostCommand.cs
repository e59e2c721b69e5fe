using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using VmCloud.Core.Pricing;

namespace VmCloud.Cli.Commands;

/// <summary><c>vmcl cost DIR [-o table|json]</c>: the monthly cost of a valid tree, per resource and per tenant.</summary>
internal static class CostCommand
{
    public static Command Create(Terminal terminal) => TreeCommand.Create(
        "cost",
        "Monthly cost of the manifests per resource and per tenant, with each tenant's discounts. Exit 1 if they are invalid.",
        ["table", "json"],
        terminal,
        (path, set, policies, format) =>
        {
            if (set.Errors.Count > 0)
            {
                foreach (var error in set.Errors) terminal.Error.WriteLine(error);
                terminal.Error.WriteLine($"vmcl: {set.Errors.Count} error(s); fix them to get a cost (vmcl validate {path})");
                return Vmcl.Invalid;
            }
            var report = CostEstimator.Estimate(set.Manifests.Select(m => m.Object), policies);
            if (format == "json") terminal.Out.WriteLine(JsonSerializer.Serialize(report, CliJson.Options));
            else WriteTables(report, terminal.Console);
            return Vmcl.Ok;
        });

    private static void WriteTables(CostReport report, IAnsiConsole console)
    {
        var resources = new Table().Title("Resources (list prices per month)")
            .AddColumns("TENANT", "KIND", "NAME", "PLAN").AddColumn(new TableColumn("EUR/MONTH").RightAligned());
        foreach (var tenant in report.Tenants)
            foreach (var r in tenant.Resources)
                resources.AddRow(Markup.Escape(r.Namespace), r.Kind, Markup.Escape(r.Name), r.Plan, Euros(r.MonthlyEuros));
        console.Write(resources);

        var tenants = new Table().Title("Tenants (after discounts)")
            .AddColumns("TENANT", "RESOURCES")
            .AddColumn(new TableColumn("LIST EUR").RightAligned())
            .AddColumn(new TableColumn("DISCOUNT").RightAligned())
            .AddColumn(new TableColumn("EUR/MONTH").RightAligned());
        foreach (var t in report.Tenants)
            tenants.AddRow(Markup.Escape(t.Tenant), t.Resources.Count.ToString(CultureInfo.InvariantCulture),
                Euros(t.Resources.Sum(r => r.MonthlyEuros)), $"{t.DiscountRatio:P0}", Euros(t.MonthlyEuros));
        tenants.AddRow("[bold]total[/]", "", "", "", $"[bold]{Euros(report.TotalMonthlyEuros)}[/]");
        console.Write(tenants);
    }

    private static string Euros(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}
