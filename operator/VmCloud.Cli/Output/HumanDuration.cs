using System.Globalization;

namespace VmCloud.Cli.Output;

/// <summary>Ages the way kubectl prints them (45s, 12m, 3h20m, 5d), so the two read alike side by side.</summary>
internal static class HumanDuration
{
    /// <summary>kubectl's rounding: more detail while the age is short, less as it grows.</summary>
    public static string Format(TimeSpan age)
    {
        var seconds = (long)age.TotalSeconds;
        // Clocks of two machines disagree a little: a second in the future is still "now".
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 120) return Text($"{seconds}s");
        var minutes = seconds / 60;
        if (minutes < 10) return seconds % 60 == 0 ? Text($"{minutes}m") : Text($"{minutes}m{seconds % 60}s");
        if (minutes < 180) return Text($"{minutes}m");
        var hours = minutes / 60;
        if (hours < 8) return minutes % 60 == 0 ? Text($"{hours}h") : Text($"{hours}h{minutes % 60}m");
        if (hours < 48) return Text($"{hours}h");
        var days = hours / 24;
        if (hours < 24 * 8) return hours % 24 == 0 ? Text($"{days}d") : Text($"{days}d{hours % 24}h");
        if (days < 365 * 2) return Text($"{days}d");
        var years = days / 365;
        if (days < 365 * 8) return days % 365 == 0 ? Text($"{years}y") : Text($"{years}y{days % 365}d");
        return Text($"{years}y");
    }

    /// <summary>The age of an RFC 3339 timestamp at <paramref name="now"/>, or null when it is not one.</summary>
    public static string? Since(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Format(now - at)
            : null;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
