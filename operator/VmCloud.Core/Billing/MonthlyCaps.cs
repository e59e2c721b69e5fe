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
        var key = KeyOf(record);
        var before = listSoFar.GetValueOrDefault(key);
        var charge = Cost(record, before);
        listSoFar[key] = before + charge.ListEuros;
        return charge;
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
            var key = KeyOf(record);
            var before = pending.TryGetValue(key, out var sum) ? sum : listSoFar.GetValueOrDefault(key);
            var charge = Cost(record, before);
            pending[key] = before + charge.ListEuros;
            charges.Add(charge);
        }
        return charges;
    }

    /// <summary>Forgets the months before <paramref name="month"/>: their hours are all charged.</summary>
    public void ForgetBefore(DateTimeOffset month)
    {
        foreach (var key in listSoFar.Keys.Where(k => k.Month < month).ToList())
            listSoFar.Remove(key);
    }

    // An hour costs its rate, or what is left under the month's cap, or nothing; then the discount.
    private static HourCharge Cost(UsageRecord record, decimal listBefore)
    {
        var list = Math.Clamp(record.MonthlyCapEuros - listBefore, 0m, record.HourlyEuros);
        return new HourCharge(record, list, list * (1 - record.DiscountRatio));
    }

    private static (string, DateTimeOffset) KeyOf(UsageRecord record) => (record.Uid, BillingTime.MonthOf(record.Hour));

    /// <summary>The charges of <paramref name="records"/>, each resource's hours in order.</summary>
    public static List<HourCharge> ChargeAll(IEnumerable<UsageRecord> records)
    {
        var caps = new MonthlyCaps();
        return [.. records.OrderBy(r => r.Hour).ThenBy(r => r.Uid, StringComparer.Ordinal).Select(caps.Charge)];
    }
}
