using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;

namespace VmCloud.Engine.GitSync;

/// <summary>The manifests of one commit, read and validated as a source would: for plans between two commits.</summary>
public static class CommitManifests
{
    /// <summary>The objects of <paramref name="commit"/> and every error of its tree, with file and line.</summary>
    public static async Task<ManifestSet> LoadAsync(IGitClient git, string commit, PolicySet policies, LoadLimits limits, CancellationToken cancellationToken)
    {
        var (files, readErrors) = await CommitTreeReader.ReadAsync(git, commit, null, limits, cancellationToken);
        return ManifestValidator.ParseAndValidate(files, readErrors, policies, limits);
    }
}
