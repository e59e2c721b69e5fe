using System.Text;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Engine.Sources;

/// <summary>
/// Names Source objects after what they read, as people would: <c>fleet-main</c> for the branch
/// main of …/fleet.git, <c>dir-gitops</c> for the folder examples/gitops. Two sources that would
/// share a name get -2, -3, … in the order they were given.
/// </summary>
public static class SourceNames
{
    private const int MaxLength = 63;

    /// <summary>A DNS-label name for each spec, unique within the list.</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<SourceSpec> specs)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var spec in specs)
        {
            var first = Base(spec);
            var name = first;
            for (var n = 2; !taken.Add(name); n++) name = $"{first[..Math.Min(first.Length, MaxLength - 4)]}-{n}";
            names.Add(name);
        }
        return names;
    }

    private static string Base(SourceSpec spec)
    {
        var last = spec.Url.TrimEnd('/').Split('/', ':').LastOrDefault(s => s.Length > 0) ?? "source";
        if (last.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) last = last[..^4];
        var raw = spec.Type == SourceType.Git ? $"{last}-{spec.Branch}" : $"dir-{last}";
        return Label(raw);
    }

    private static string Label(string raw)
    {
        var text = new StringBuilder();
        foreach (var c in raw.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (keep != '-' || (text.Length > 0 && text[^1] != '-')) text.Append(keep);
        }
        var label = text.ToString().Trim('-');
        if (label.Length > MaxLength) label = label[..MaxLength].TrimEnd('-');
        return label.Length == 0 ? "source" : label;
    }
}
