namespace VmCloud.Core.Manifests;

/// <summary>"Did you mean" hints for misspelt names, plans and fields.</summary>
public static class Suggestions
{
    /// <summary><c>"; did you mean X?"</c> for the closest candidate within two edits, or empty.</summary>
    public static string DidYouMean(string value, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(value.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(2, value.Length / 3)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Candidate is null ? "" : $" (did you mean \"{best.Candidate}\"?)";
    }

    // Levenshtein distance, two rows.
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2) return int.MaxValue;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
