using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;

namespace VmCloud.Core.Validation;

/// <summary>
/// The rules that need the whole tree and the policies, after each manifest passed its schema:
/// unique names, tenants, the catalogue, and references inside a tenant.
/// </summary>
public static class ManifestValidator
{
    /// <summary>Every error of the set, sorted by file and position.</summary>
    public static IReadOnlyList<ManifestError> Validate(IReadOnlyList<Manifest> manifests, PolicySet policies)
    {
        var errors = new List<ManifestError>();
        var index = new ManifestIndex(manifests, errors);
        CheckTenants(index, errors);
        CatalogRules.Check(index, policies, errors);
        ReferenceRules.Check(index, policies, errors);
        return Sorted(errors);
    }

    /// <summary>Reads and validates a whole tree: the errors of reading, of each manifest and of the set together.</summary>
    public static ManifestSet LoadAndValidate(string root, PolicySet policies, LoadLimits? limits = null)
    {
        limits ??= LoadLimits.Default;
        var (files, readErrors) = ManifestTreeReader.Read(root, limits);
        return ParseAndValidate(files, readErrors, policies, limits);
    }

    /// <summary>
    /// Parses and validates files already read (from a folder or a Git commit), adding the errors met
    /// while reading them: every source checks a tree the same way.
    /// </summary>
    public static ManifestSet ParseAndValidate(IReadOnlyList<SourceFile> files, IReadOnlyList<ManifestError> readErrors, PolicySet policies, LoadLimits? limits = null)
    {
        var set = ManifestLoader.Parse(files, limits);
        return set with { Errors = Sorted([.. readErrors, .. set.Errors, .. Validate(set.Manifests, policies)]) };
    }

    /// <summary>Errors in file order, then line and column, so output is stable and reads top to bottom.</summary>
    public static IReadOnlyList<ManifestError> Sorted(IEnumerable<ManifestError> errors) =>
        errors.OrderBy(e => e.At.File, StringComparer.Ordinal).ThenBy(e => e.At.Line).ThenBy(e => e.At.Column).ToList();

    // A namespace is a tenant: it must be declared, and an agency's clients are one level deep so
    // that billing accounts stay simple (an agency and its clients).
    private static void CheckTenants(ManifestIndex index, List<ManifestError> errors)
    {
        foreach (var manifest in index.All.Where(m => m.Namespace is not null))
            if (index.Find<Tenant>(null, manifest.Namespace!) is null)
                errors.Add(manifest.Error("metadata.namespace", $"tenant {manifest.Namespace} is not declared; add a Tenant named {manifest.Namespace} (tenants/{manifest.Namespace}/tenant.yaml)"));

        foreach (var (manifest, tenant) in index.OfKind<Tenant>())
        {
            if (tenant.Spec.Parent is not { } parentName) continue;
            var parent = index.Find<Tenant>(null, parentName);
            if (parentName == tenant.Metadata.Name)
                errors.Add(manifest.Error("spec.parent", "a tenant cannot be its own parent"));
            else if (parent is null)
                errors.Add(manifest.Error("spec.parent", $"parent tenant {parentName} is not declared"));
            else if (parent.Spec.Parent is not null)
                errors.Add(manifest.Error("spec.parent", $"{parentName} is itself a client of {parent.Spec.Parent}; a client tenant's parent must be a top-level (agency) tenant"));
        }
    }
}
