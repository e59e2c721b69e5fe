namespace VmCloud.Core.Catalog;

/// <summary>A problem in a policy file, located for editors and CI annotations.</summary>
/// <param name="Path">The file, as built from the directory given to the loader.</param>
/// <param name="Line">1-based line; 1 when the problem is the whole file (e.g. missing).</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong and what to do about it.</param>
public sealed record PolicyError(string Path, int Line, int Column, string Message)
{
    /// <summary>The error as <c>path:line:column: message</c>.</summary>
    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}
