namespace VmCloud.Engine.GitSync;

/// <summary>
/// The rules of <c>git check-ref-format</c> for a branch name or a full ref, checked before a name
/// reaches a git command line or a refspec, so a name can neither pass for an option nor widen a
/// refspec with wildcards.
/// </summary>
public static class GitRefName
{
    /// <summary>Why <paramref name="name"/> is not a valid branch or ref name, or null when it is.</summary>
    public static string? Check(string name)
    {
        if (name.Length == 0) return "the branch name is empty";
        if (name.StartsWith('-')) return $"the branch name '{Printable(name)}' starts with '-'";
        if (name == "@") return "the branch name '@' is reserved";
        foreach (var c in name)
        {
            if (char.IsControl(c) || c == ' ') return $"the branch name '{Printable(name)}' holds a space or a control character";
            if (c is '~' or '^' or ':' or '?' or '*' or '[' or '\\')
                return $"the branch name '{Printable(name)}' holds '{c}', which git refuses in ref names";
        }
        if (name.Contains("..", StringComparison.Ordinal)) return $"the branch name '{name}' holds '..'";
        if (name.Contains("@{", StringComparison.Ordinal)) return $"the branch name '{name}' holds '@{{'";
        if (name.StartsWith('/') || name.EndsWith('/') || name.Contains("//", StringComparison.Ordinal))
            return $"the branch name '{name}' starts or ends with '/' or holds '//'";
        if (name.EndsWith('.')) return $"the branch name '{name}' ends with '.'";
        foreach (var part in name.Split('/'))
        {
            if (part.StartsWith('.')) return $"a part of the branch name '{name}' starts with '.'";
            if (part.EndsWith(".lock", StringComparison.Ordinal)) return $"a part of the branch name '{name}' ends with '.lock'";
        }
        return null;
    }

    /// <summary>The full ref of a branch name (<c>main</c> → <c>refs/heads/main</c>); a full ref stays as it is.</summary>
    public static string FullRef(string name) => name.StartsWith("refs/", StringComparison.Ordinal) ? name : "refs/heads/" + name;

    // A name is echoed in messages; control characters would let it forge log lines.
    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
