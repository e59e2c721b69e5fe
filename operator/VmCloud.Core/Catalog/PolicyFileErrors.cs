namespace VmCloud.Core.Catalog;

/// <summary>Collects the errors of one load, each against the file it concerns.</summary>
internal sealed class PolicyErrorList
{
    private readonly List<PolicyError> errors = [];

    public int Count => errors.Count;

    public PolicyFileErrors For(string path) => new(path, this);

    public void Add(PolicyError error) => errors.Add(error);

    /// <summary>The errors by file (in the order given), then by line and column.</summary>
    public IReadOnlyList<PolicyError> Sorted(string[] fileOrder) =>
        [.. errors
            .OrderBy(e => Array.IndexOf(fileOrder, e.Path))
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)];
}

/// <summary>The errors of one policy file.</summary>
internal sealed class PolicyFileErrors(string path, PolicyErrorList all)
{
    public string Path { get; } = path;

    /// <summary>Errors reported so far in this load, in every file: compare before and after a step.</summary>
    public int Count => all.Count;

    public void Report(SourcePosition at, string message) =>
        all.Add(new PolicyError(Path, at.Line, at.Column, message));

    public void Report(PositionedDocument at, string message) => Report(at.Position, message);
}
