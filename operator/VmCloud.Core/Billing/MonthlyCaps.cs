namespace VmCloud.Core.Billing;

/// <summary>
/// Charges hours one after the other, remembering what each resource has cost in each calendar month,
/// so that no month costs more than the plan's monthly price: an hour costs its rate, or what is left
/// under the cap, or nothing. Hours of one resource and month must come in order (a closed hour is
/// never charged twice, so they do). Not thread-safe.
/// </summary>
public sealed class MonthlyCaps
{
    private readonly Dictionary<(string Uid, DateTimeOffset Month), decimal> listSoFar = [];

    /// <summary>The charge of <paramref name="record"/>, counted towards its month.</summary>
    public HourCharge Charge(UsageRecord record)
    {
        var key = (record.Uid, BillingTime.MonthOf(record.Hour));
        var before = listSoFar.GetValueOrDefault(key);
        var list = Math.Clamp(record.MonthlyCapEuros - before, 0m, record.HourlyEuros);
        listSoFar[key] = before + list;
        return new HourCharge(record, list, list * (1 - record.DiscountRatio));
    }

    /// <summary>
    /// What <paramref name="records"/> would cost if charged now, in hour order, without counting them:
    /// the provisional charges of hours still open.
    /// </summary>
    public List<HourCharge> Preview(IEnumerable<UsageRecord> records)
    {
        var pending = new Dictionary<(string Uid, DateTimeOffset Month), decimal>();
        var charges = new List<HourCharge>();
        foreach (var record in records.OrderBy(r => r.Hour).ThenBy(r => r.Uid, StringComparer.Ordinal))
        {
            var key = (record.Uid, BillingTime.MonthOf(record.Hour));
            var before = pending.TryGetValue(key, out var sum) ? sum : listSoFar.GetValueOrDefault(key);
            var list = Math.Clamp(record.MonthlyCapEuros - before, 0m, record.HourlyEuros);
            pending[key] = before + list;
            charges.Add(new HourCharge(record, list, list * (1 - record.DiscountRatio)));
        }
        return charges;
    }

    /// <summary>Forgets the months before <paramref name="month"/>: their hours are all charged.</summary>
    public void ForgetBefore(DateTimeOffset month)
    {
        foreach (var key in listSoFar.Keys.Where(k => k.Month < month).ToList())
            listSoFar.Remove(key);
    }

    /// <summary>The charges of <paramref name="records"/>, each resource's hours in order.</summary>
    public static List<HourCharge> ChargeAll(IEnumerable<UsageRecord> records)
    {
        var caps = new MonthlyCaps();
        return [.. records.OrderBy(r => r.Hour).ThenBy(r => r.Uid, StringComparer.Ordinal).Select(caps.Charge)];
    }
}
