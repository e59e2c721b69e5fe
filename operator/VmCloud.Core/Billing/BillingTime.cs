namespace VmCloud.Core.Billing;

/// <summary>
/// Hours and calendar months as billing counts them: UTC, an hour starts on the hour, a month on the
/// first at midnight. An hour is open for late reports until <c>its end + grace</c>, then closed for good.
/// </summary>
public static class BillingTime
{
    /// <summary>The start of the hour <paramref name="time"/> falls in, in UTC.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The start of the calendar month <paramref name="time"/> falls in, in UTC.</summary>
    public static DateTimeOffset MonthOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Whether the hour starting at <paramref name="hour"/> is closed at <paramref name="now"/>.</summary>
    public static bool IsClosed(DateTimeOffset hour, DateTimeOffset now, TimeSpan grace) => now >= hour.AddHours(1) + grace;
}
