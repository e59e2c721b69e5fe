using VmCloud.Api;

namespace VmCloud.Core.Manifests;

/// <summary>
/// One typed object read from a manifest file, with the position of every field it set, so that
/// rules checked later (catalogue, references) still point at the right line.
/// </summary>
public sealed record Manifest(CustomResource Object, KindInfo Kind, SourceMark At, IReadOnlyDictionary<string, SourceMark> Fields)
{
    /// <summary>An object that did not come from a file (the store, an API call): errors about it carry no position.</summary>
    public static Manifest FromObject(CustomResource resource) =>
        new(resource, Kinds.Find(resource.Kind) ?? throw new ArgumentException($"{resource.Kind} is not a served kind", nameof(resource)),
            new SourceMark($"{resource.Kind}/{resource.Metadata.Namespace}/{resource.Metadata.Name}", 0, 0),
            new Dictionary<string, SourceMark>());

    /// <summary>The object's name.</summary>
    public string Name => Object.Metadata.Name;

    /// <summary>The object's namespace (tenant), null for cluster-scoped kinds.</summary>
    public string? Namespace => Object.Metadata.Namespace;

    /// <summary>The position of a field path such as <c>spec.volumes[1]</c>, or of its closest parent that was set.</summary>
    public SourceMark MarkOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
            if (Fields.TryGetValue(p, out var mark)) return mark;
        return At;
    }

    /// <summary>An error about this object at a field path.</summary>
    public ManifestError Error(string path, string message) => new(MarkOf(path), message, Kind.Kind, Namespace, Name);

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }
}
