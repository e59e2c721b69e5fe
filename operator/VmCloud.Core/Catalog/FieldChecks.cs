using System.Globalization;

namespace VmCloud.Core.Catalog;

/// <summary>
/// Checks the fields of one mapping and reports each problem as "subject: what to fix" at the
/// mapping's position. Every check returns a usable value even when it fails, so that one
/// pass finds all the problems; <see cref="Failed"/> says whether to discard the result.
/// </summary>
internal sealed class FieldChecks(PolicyFileErrors errors, PositionedDocument at, string subject, FieldChecks? parent = null)
{
    /// <summary>The word the policy files use for a limit the seed calls "Illimité".</summary>
    public const string Unlimited = "unlimited";

    private readonly FieldChecks? parent = parent;

    public bool Failed { get; private set; }

    /// <summary>Checks for a mapping nested in this one; its failures fail this one too.</summary>
    public FieldChecks Nested(PositionedDocument nested, string key) =>
        new(errors, nested, $"{subject} {key}", this);

    public void Fail(string message)
    {
        for (var checks = this; checks is not null; checks = checks.parent)
            checks.Failed = true;
        errors.Report(at, $"{subject}: {message}");
    }

    public string Text(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail($"'{key}' is required.");
            return "";
        }
        return value.Trim();
    }

    public bool Flag(bool? value, string key)
    {
        if (value is null)
            Fail($"'{key}' is required (true or false).");
        return value ?? false;
    }

    public int Count(int? value, string key, int min = 1)
    {
        if (value is null)
            Fail($"'{key}' is required.");
        else if (value < min)
            Fail($"'{key}' must be at least {min}, not {value}.");
        return value ?? min;
    }

    public decimal Positive(decimal? value, string key)
    {
        if (value is null)
            Fail($"'{key}' is required.");
        else if (value <= 0)
            Fail($"'{key}' must be greater than 0, not {value}.");
        return value ?? 0;
    }

    /// <summary>A ratio in (0, 1], or in [0, 1] when <paramref name="allowZero"/>.</summary>
    public decimal Ratio(decimal? value, string key, bool allowZero = false)
    {
        var range = allowZero ? "between 0 and 1" : "greater than 0 and at most 1";
        if (value is null)
            Fail($"'{key}' is required ({range}).");
        else if (value > 1 || value < 0 || (value == 0 && !allowZero))
            Fail($"'{key}' must be {range}, not {value}.");
        return value ?? 0;
    }

    public decimal AtLeastOne(decimal? value, string key)
    {
        if (value is null)
            Fail($"'{key}' is required (at least 1).");
        else if (value < 1)
            Fail($"'{key}' must be at least 1 (1 means no overcommit), not {value}.");
        return value ?? 1;
    }

    /// <summary>One of <paramref name="allowed"/>'s keys, matched exactly.</summary>
    public T Choice<T>(string? value, string key, IReadOnlyDictionary<string, T> allowed)
        where T : struct
    {
        if (value is not null && allowed.TryGetValue(value, out var choice))
            return choice;
        var options = string.Join(", ", allowed.Keys);
        Fail(value is null ? $"'{key}' is required (one of {options})." : $"'{key}' is '{value}'; it must be one of {options}.");
        return default;
    }

    /// <summary>A whole number of at least 1, or null for <c>unlimited</c>.</summary>
    public int? CountOrUnlimited(string? value, string key)
    {
        if (IsUnlimited(value, key))
            return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1)
            return count;
        Fail($"'{key}' is '{value}'; it must be a whole number of at least 1 or '{Unlimited}'.");
        return null;
    }

    /// <summary>A number greater than 0, or null for <c>unlimited</c>.</summary>
    public decimal? AmountOrUnlimited(string? value, string key)
    {
        if (IsUnlimited(value, key))
            return null;
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
            return amount;
        Fail($"'{key}' is '{value}'; it must be a number greater than 0 or '{Unlimited}'.");
        return null;
    }

    private bool IsUnlimited(string? value, string key)
    {
        if (value is null)
        {
            Fail($"'{key}' is required (a number or '{Unlimited}').");
            return true;
        }
        return string.Equals(value, Unlimited, StringComparison.Ordinal);
    }
}
