using System.Globalization;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Core.Billing;

/// <summary>Where a tenant stands against its budget this month.</summary>
/// <param name="UsedRatio">Month to date over the budget.</param>
/// <param name="Threshold">The highest alert threshold reached, in percent, or null when none is.</param>
/// <param name="Message">A sentence for the condition and the event.</param>
public sealed record BudgetState(decimal UsedRatio, int? Threshold, string Message)
{
    /// <summary>The condition's reason: <c>Threshold80</c>, or <c>UnderThresholds</c>.</summary>
    public string Reason => Threshold is { } t ? $"Threshold{t}" : "UnderThresholds";

    /// <summary>Where <paramref name="monthToDate"/> stands against <paramref name="budget"/>. Pure.</summary>
    public static BudgetState Of(Budget budget, decimal monthToDate)
    {
        var ratio = monthToDate / budget.MonthlyEuros;
        int? reached = budget.AlertThresholds.Where(t => ratio * 100 >= t).Select(t => (int?)t).Max();
        var used = string.Create(CultureInfo.InvariantCulture,
            $"{ratio:P0} of the {budget.MonthlyEuros} EUR monthly budget used ({monthToDate:0.00} EUR this month)");
        var message = reached is { } t
            ? $"{used}: the {t}% alert threshold is reached" + (budget.HardCap ? "; new resources over the budget are refused" : "")
            : $"{used}: under every alert threshold";
        return new BudgetState(ratio, reached, message);
    }
}
