namespace VmCloud.Agent.Hosting;

/// <summary>
/// The command line split into <c>--flag value</c> (or <c>--flag=value</c>) pairs and positional
/// words, with every unknown or incomplete flag reported at once rather than the first one only.
/// </summary>
/// <param name="Values">Each flag's value; a repeated flag keeps the last.</param>
/// <param name="Positional">Words that are not flags or their values.</param>
/// <param name="Errors">Unknown flags and flags without a value.</param>
internal sealed record CommandArguments(IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Positional, IReadOnlyList<string> Errors)
{
    public static CommandArguments Read(IReadOnlyList<string> args, IReadOnlyCollection<string> flags)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (!flags.Contains(name))
            {
                errors.Add($"unknown option {name}{Suggestion(name, flags)}");
                if (equals < 0 && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
                continue;
            }

            if (equals > 0) values[name] = arg[(equals + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) values[name] = args[++i];
            else errors.Add($"{name} needs a value");
        }

        return new CommandArguments(values, positional, errors);
    }

    public string? this[string flag] => Values.GetValueOrDefault(flag);

    private static string Suggestion(string name, IReadOnlyCollection<string> flags)
    {
        var close = flags.Where(f => Distance(f, name) <= 2).ToList();
        return close.Count > 0 ? $" (did you mean {string.Join(" or ", close)}?)" : "";
    }

    // Levenshtein distance: a typo of a letter or two still finds its flag.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }

        return previous[b.Length];
    }
}
