using System.Globalization;
using Spectre.Console;
using VmCloud.Engine.Planning;

namespace VmCloud.Cli.Commands;

/// <summary>A plan as terminal tables.</summary>
internal static class PlanTables
{
    public static void Write(Plan plan, IAnsiConsole console)
    {
        var changes = new Table().Title("Changes").AddColumns("ACTION", "KIND", "NAMESPACE", "NAME");
        foreach (var c in plan.Changes)
            changes.AddRow(Colour(c.Action), c.Kind, Markup.Escape(c.Namespace ?? "-"), Markup.Escape(c.Name));
        console.Write(changes);

        var costs = new Table().Title("Monthly cost per tenant (EUR, after discounts)").AddColumn("TENANT")
            .AddColumn(new TableColumn("BEFORE").RightAligned()).AddColumn(new TableColumn("AFTER").RightAligned())
            .AddColumn(new TableColumn("CHANGE").RightAligned());
        foreach (var t in plan.Tenants)
            costs.AddRow(Markup.Escape(t.Tenant), Euros(t.MonthlyEurosBefore), Euros(t.MonthlyEurosAfter), Euros(t.Delta));
        console.Write(costs);

        console.MarkupLine(!plan.CapacityChecked ? "[yellow]capacity not checked: no node of the fleet has registered[/]"
            : plan.Fits ? "[green]fits the fleet[/]" : $"[red]does not fit:[/] {plan.Unschedulable.Count} object(s) cannot be placed");
        foreach (var u in plan.Unschedulable) console.MarkupLine($"  {u.Kind} {Markup.Escape($"{u.Namespace}/{u.Name}")}: {Markup.Escape(u.Reason)}");
        foreach (var v in plan.Violations) console.MarkupLine($"[red]violation:[/] {v.Kind} {Markup.Escape($"{v.Namespace}/{v.Name}")}: {Markup.Escape(v.Message)}");
        foreach (var e in plan.Errors) console.MarkupLine($"[red]error:[/] {Markup.Escape(e.ToString())}");
        console.MarkupLine(plan.Acceptable ? "[green]plan: acceptable[/]" : "[red]plan: not acceptable[/]");
    }

    private static string Colour(string action) => action switch
    {
        PlannedChange.Create => "[green]create[/]",
        PlannedChange.Delete => "[red]delete[/]",
        _ => "[yellow]update[/]",
    };

    private static string Euros(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}
