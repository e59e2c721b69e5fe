namespace VmCloud.Core.Manifests;

/// <summary>
/// One problem found in a manifest tree: where it is, which object it concerns (when known) and
/// a sentence that says what to do.
/// </summary>
public sealed record ManifestError(SourceMark At, string Message, string? Kind = null, string? Namespace = null, string? Name = null)
{
    /// <summary>The object as <c>Kind namespace/name</c>, or null for file-level errors.</summary>
    public string? Subject => Kind is null ? null
        : Namespace is null ? $"{Kind} {Name ?? "(unnamed)"}" : $"{Kind} {Namespace}/{Name ?? "(unnamed)"}";

    /// <summary><c>path:line:column: Kind namespace/name: message</c>.</summary>
    public override string ToString() => Subject is null ? $"{At}: {Message}" : $"{At}: {Subject}: {Message}";
}
