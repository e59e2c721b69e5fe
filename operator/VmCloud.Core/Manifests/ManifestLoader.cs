namespace VmCloud.Core.Manifests;

/// <summary>The objects read from a tree and the errors found reading them.</summary>
public sealed record ManifestSet(IReadOnlyList<Manifest> Manifests, IReadOnlyList<ManifestError> Errors, int FileCount);

/// <summary>
/// Reads manifests: the one entry point every source uses (vmcl, the Git source, the operator),
/// so they all accept and refuse exactly the same things.
/// </summary>
public static class ManifestLoader
{
    /// <summary>Reads every YAML file under <paramref name="root"/> (a directory or one file).</summary>
    public static ManifestSet LoadTree(string root, LoadLimits? limits = null, bool allowStatus = false)
    {
        limits ??= LoadLimits.Default;
        var (files, readErrors) = ManifestTreeReader.Read(root, limits);
        var parsed = Parse(files, limits, allowStatus);
        return parsed with { Errors = [.. readErrors, .. parsed.Errors] };
    }

    /// <summary>Parses files already in memory, e.g. read from a Git commit.</summary>
    public static ManifestSet Parse(IEnumerable<SourceFile> files, LoadLimits? limits = null, bool allowStatus = false)
    {
        limits ??= LoadLimits.Default;
        var manifests = new List<Manifest>();
        var errors = new List<ManifestError>();
        var count = 0;
        foreach (var file in files)
        {
            count++;
            var context = DocumentContext.ForTreePath(file.DisplayPath, file.RelativePath, allowStatus);
            var (documents, error) = new YamlDocumentReader(file.DisplayPath, limits).Read(file.Text);
            if (error is not null) errors.Add(error);
            foreach (var document in documents)
                if (ManifestDecoder.Decode(document, context, errors) is { } manifest) manifests.Add(manifest);
        }
        return new ManifestSet(manifests, errors, count);
    }
}
