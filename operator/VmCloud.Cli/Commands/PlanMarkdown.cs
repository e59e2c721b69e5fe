using System.Globalization;
using System.Text;
using VmCloud.Engine.Planning;

namespace VmCloud.Cli.Commands;

/// <summary>A plan as markdown, for a pull request comment: the verdict first, then the details.</summary>
internal static class PlanMarkdown
{
    public static string Render(Plan plan)
    {
        var md = new StringBuilder();
        md.AppendLine(plan.Acceptable ? "### VmCloud plan: ✅ valid, within quotas, fits the fleet" : "### VmCloud plan: ❌ " + Problems(plan));
        md.AppendLine();
        var counts = plan.Changes.GroupBy(c => c.Action).ToDictionary(g => g.Key, g => g.Count());
        md.AppendLine(CultureInfo.InvariantCulture, $"**Changes:** {counts.GetValueOrDefault(PlannedChange.Create)} to create, {counts.GetValueOrDefault(PlannedChange.Update)} to update, {counts.GetValueOrDefault(PlannedChange.Delete)} to delete");
        if (plan.Changes.Count > 0)
        {
            md.AppendLine().AppendLine("| action | kind | namespace | name |").AppendLine("|---|---|---|---|");
            foreach (var c in plan.Changes) md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Action} | {c.Kind} | {c.Namespace ?? "—"} | {c.Name} |");
        }
        md.AppendLine().AppendLine("**Monthly cost (EUR, after discounts)**").AppendLine()
            .AppendLine("| tenant | before | after | change |").AppendLine("|---|---:|---:|---:|");
        foreach (var t in plan.Tenants.Where(t => t.Delta != 0 || plan.Tenants.Count <= 20))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Tenant} | {t.MonthlyEurosBefore:N2} | {t.MonthlyEurosAfter:N2} | {Signed(t.Delta)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| **total** | {plan.Tenants.Sum(t => t.MonthlyEurosBefore):N2} | {plan.Tenants.Sum(t => t.MonthlyEurosAfter):N2} | {Signed(plan.Tenants.Sum(t => t.Delta))} |");
        md.AppendLine().AppendLine(plan.Fits ? "**Capacity:** fits the fleet." : $"**Capacity:** {plan.Unschedulable.Count} object(s) cannot be placed:");
        foreach (var u in plan.Unschedulable) md.AppendLine(CultureInfo.InvariantCulture, $"- {u.Kind} {u.Namespace}/{u.Name}: {u.Reason}");
        if (plan.Violations.Count > 0) md.AppendLine().AppendLine("**Quota and policy:**");
        foreach (var v in plan.Violations) md.AppendLine(CultureInfo.InvariantCulture, $"- {v.Kind} {v.Namespace}/{v.Name}: {v.Message}");
        if (plan.Errors.Count > 0) md.AppendLine().AppendLine("**Validation errors:**");
        foreach (var e in plan.Errors) md.AppendLine(CultureInfo.InvariantCulture, $"- `{e.At}` {e.Subject}{(e.Subject is null ? "" : ": ")}{e.Message}");
        return md.ToString();
    }

    private static string Problems(Plan plan) => string.Join(", ", new[]
    {
        plan.Errors.Count > 0 ? $"{plan.Errors.Count} validation error(s)" : null,
        plan.Violations.Count > 0 ? $"{plan.Violations.Count} quota or policy violation(s)" : null,
        plan.Fits ? null : $"{plan.Unschedulable.Count} object(s) do not fit",
    }.OfType<string>());

    private static string Signed(decimal amount) => amount switch
    {
        > 0 => "+" + amount.ToString("N2", CultureInfo.InvariantCulture),
        < 0 => amount.ToString("N2", CultureInfo.InvariantCulture),
        _ => "0.00",
    };
}
