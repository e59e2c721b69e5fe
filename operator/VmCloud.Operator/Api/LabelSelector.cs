using VmCloud.Api;

namespace VmCloud.Operator.Api;

/// <summary>An equality-based label selector from a query string: <c>tier=web,env=prod</c>.</summary>
internal sealed record LabelSelector(IReadOnlyDictionary<string, string> Required)
{
    /// <summary>The selector, an empty one for no text, or null when the text is malformed.</summary>
    public static LabelSelector? Parse(string? text)
    {
        var required = new Dictionary<string, string>();
        foreach (var term in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = term.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0) return null;
            required[parts[0].TrimEnd('=')] = parts[1].TrimStart('=');
        }
        return new LabelSelector(required);
    }

    /// <summary>Whether the object carries every required label.</summary>
    public bool Matches(CustomResource resource) =>
        Required.All(r => resource.Metadata.Labels?.GetValueOrDefault(r.Key) == r.Value);
}
