using Microsoft.Extensions.Logging;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Sources;

/// <summary>The outcome of one sync of a source.</summary>
/// <param name="Applied">True when the tree was valid and written.</param>
/// <param name="Errors">Why it was refused, each with file and line.</param>
/// <param name="At">When the sync ran.</param>
/// <param name="Changes">What was written, when applied.</param>
public sealed record SyncResult(bool Applied, IReadOnlyList<ManifestError> Errors, DateTimeOffset At, ApplyResult? Changes);

/// <summary>
/// A folder of manifests as a source of desired state (<c>dir:PATH</c>). The whole tree is
/// validated before anything is written: one invalid manifest refuses the tree, and what was last
/// applied stays as it is. A poll that finds the tree untouched since it was last applied skips the
/// work, except every <see cref="ReapplyEvery"/>, when it is applied again to undo edits made to its
/// objects by other means.
/// </summary>
public sealed partial class DirectorySource(string path, IResourceStore store, PolicySet policies, TimeProvider time, ILogger logger)
{
    /// <summary>How often an unchanged tree is applied again all the same.</summary>
    public static readonly TimeSpan ReapplyEvery = TimeSpan.FromMinutes(5);

    private string? appliedFingerprint;

    /// <summary>The source's name, as objects' source annotation carries it.</summary>
    public string Name { get; } = $"dir:{path}";

    /// <summary>The last sync, or null before the first.</summary>
    public SyncResult? LastSync { get; private set; }

    /// <summary>Reads, validates and — when valid — applies the tree.</summary>
    public async Task<SyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        var fingerprint = TreeFingerprint.Of(path);
        if (fingerprint is not null && fingerprint == appliedFingerprint && LastSync is { Applied: true } last && time.GetUtcNow() - last.At < ReapplyEvery)
            return last;
        var set = ManifestValidator.LoadAndValidate(path, policies);
        if (set.Errors.Count > 0)
        {
            foreach (var error in set.Errors) LogInvalid(Name, error.ToString());
            LastSync = new SyncResult(false, set.Errors, time.GetUtcNow(), null);
            return LastSync;
        }
        var changes = await SourceApplier.ApplyAsync(Name, [.. set.Manifests.Select(m => m.Object)], store, cancellationToken);
        foreach (var conflict in changes.Conflicts) LogConflict(Name, conflict);
        LogApplied(Name, set.Manifests.Count, changes.Created, changes.Updated, changes.Deleted);
        LastSync = new SyncResult(true, [], time.GetUtcNow(), changes);
        appliedFingerprint = fingerprint;
        return LastSync;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: refused, the last valid state stays applied: {Error}")]
    private partial void LogInvalid(string source, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: {Conflict}")]
    private partial void LogConflict(string source, string conflict);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: applied {Objects} objects ({Created} created, {Updated} updated, {Deleted} pruned)")]
    private partial void LogApplied(string source, int objects, int created, int updated, int deleted);
}
