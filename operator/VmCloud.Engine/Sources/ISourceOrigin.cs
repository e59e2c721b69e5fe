using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;

namespace VmCloud.Engine.Sources;

/// <summary>
/// Where a source's manifests come from — a Git branch or a local folder. The sync pipeline asks it
/// for the current revision, then for the files of that revision; everything after (validation,
/// approval, apply, status) is the same for every origin.
/// </summary>
public interface ISourceOrigin
{
    /// <summary>The source's identity, as objects' source annotation records it; never holds a credential.</summary>
    string Name { get; }

    /// <summary>What the Source object's spec says about this origin.</summary>
    SourceSpec Spec { get; }

    /// <summary>The revision to apply now (fetching it first when remote).</summary>
    /// <exception cref="SourceUnavailableException">The origin cannot be read now; the last applied state stays.</exception>
    Task<SourceRevision> FetchAsync(CancellationToken cancellationToken);

    /// <summary>The manifest files of a revision, and what was refused while reading them (hostile entries, caps).</summary>
    Task<(IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors)> ReadAsync(SourceRevision revision, LoadLimits limits, CancellationToken cancellationToken);
}

/// <summary>One state of an origin.</summary>
/// <param name="Id">Equal ids mean the same manifests: a commit id, or a folder's fingerprint.</param>
/// <param name="Commit">The Git commit, when the origin is Git.</param>
/// <param name="Subject">The commit's subject line, when known.</param>
public sealed record SourceRevision(string Id, string? Commit = null, string? Subject = null);

/// <summary>An origin could not be read (remote unreachable, fetch timed out, folder gone).</summary>
public sealed class SourceUnavailableException(string message) : Exception(message);
