using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;

namespace VmCloud.Engine.Sources;

/// <summary>
/// A local folder of manifests (<c>dir:PATH</c>), for local work. Its revision is a fingerprint of
/// the tree (paths, sizes, times, link targets), so a poll of an untouched tree costs a listing.
/// </summary>
public sealed class DirectoryOrigin(string path) : ISourceOrigin
{
    /// <inheritdoc />
    public string Name { get; } = $"dir:{path}";

    /// <inheritdoc />
    public SourceSpec Spec { get; } = new() { Type = SourceType.Directory, Url = path };

    /// <inheritdoc />
    public Task<SourceRevision> FetchAsync(CancellationToken cancellationToken) =>
        TreeFingerprint.Of(path) is { } fingerprint
            ? Task.FromResult(new SourceRevision(fingerprint))
            : throw new SourceUnavailableException($"{path}: the folder cannot be listed");

    /// <inheritdoc />
    public Task<(IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors)> ReadAsync(
        SourceRevision revision, LoadLimits limits, CancellationToken cancellationToken) =>
        Task.FromResult(ManifestTreeReader.Read(path, limits));
}
