using System.Globalization;
using System.Text;

namespace VmCloud.Engine.Planning;

/// <summary>
/// A plan as markdown, for a pull request comment or <c>vmcl plan -o markdown</c>: the verdict
/// first, then the details. The CLI and the operator render the same text.
/// </summary>
public static class PlanMarkdown
{
    /// <summary>The plan under the default title, without commit ids.</summary>
    public static string Render(Plan plan) => Render(plan, heading: null);

    /// <summary>
    /// The plan under <paramref name="heading"/>'s title, with the base and head commits it compares
    /// (shortened) when given; null renders as <see cref="Render(Plan)"/>.
    /// </summary>
    public static string Render(Plan plan, PlanHeading? heading)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var title = heading?.Title ?? PlanHeading.DefaultTitle;
        var md = new StringBuilder();
        md.AppendLine(plan.Acceptable ? $"### {title}: ✅ valid, within quotas, {(plan.CapacityChecked ? "fits the fleet" : "capacity not checked")}" : $"### {title}: ❌ " + Problems(plan));
        if (Commits(heading) is { } commits) md.AppendLine().AppendLine(commits);
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
        md.AppendLine().AppendLine(!plan.CapacityChecked ? "**Capacity:** not checked: no node of the fleet has registered yet."
            : plan.Fits ? "**Capacity:** fits the fleet." : $"**Capacity:** {plan.Unschedulable.Count} object(s) cannot be placed:");
        foreach (var u in plan.Unschedulable) md.AppendLine(CultureInfo.InvariantCulture, $"- {u.Kind} {u.Namespace}/{u.Name}: {u.Reason}");
        if (plan.Violations.Count > 0) md.AppendLine().AppendLine("**Quota and policy:**");
        foreach (var v in plan.Violations) md.AppendLine(CultureInfo.InvariantCulture, $"- {v.Kind} {v.Namespace}/{v.Name}: {v.Message}");
        if (plan.Errors.Count > 0) md.AppendLine().AppendLine("**Validation errors:**");
        foreach (var e in plan.Errors) md.AppendLine(CultureInfo.InvariantCulture, $"- `{e.At}` {e.Subject}{(e.Subject is null ? "" : ": ")}{e.Message}");
        return md.ToString();
    }

    private static string? Commits(PlanHeading? heading) => (heading?.Base, heading?.Head) switch
    {
        (null, null) => null,
        ({ } b, { } h) => $"Base `{PlanHeading.Short(b)}` → head `{PlanHeading.Short(h)}`",
        ({ } b, null) => $"Base `{PlanHeading.Short(b)}`",
        (null, { } h) => $"Head `{PlanHeading.Short(h)}`",
    };

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

/// <summary>What a rendered plan is titled, and the commits it compares (for a pull request: its base and head).</summary>
/// <param name="Title">The heading's text before the verdict, e.g. <c>VmCloud plan for main</c>.</param>
/// <param name="Base">The commit the plan starts from, full or short; shown shortened.</param>
/// <param name="Head">The commit the plan proposes, full or short; shown shortened.</param>
public sealed record PlanHeading(string Title, string? Base, string? Head)
{
    /// <summary>The title <see cref="PlanMarkdown.Render(Plan)"/> uses.</summary>
    public const string DefaultTitle = "VmCloud plan";

    // Seven characters, as GitHub shows commit ids; enough to find the commit, short enough for a heading.
    internal static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;
}
