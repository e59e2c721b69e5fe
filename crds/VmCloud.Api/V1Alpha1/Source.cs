using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>
/// A source of desired state: a Git branch or a local folder of manifests. The operator creates one
/// per <c>--source</c> option and reports in its status what it fetched, what it applied, and why
/// it refused a commit. It is not declared in repositories.
/// </summary>
[Description("Source is a Git branch or a folder whose manifests are the desired state. The operator creates one per --source option and reports in status the last fetched and last applied commit and every error of a refused commit, with file and line.")]
[CustomResource("sources", "src", Namespaced = false)]
[PrinterColumn("URL", ".spec.url")]
[PrinterColumn("BRANCH", ".spec.branch")]
[PrinterColumn("APPLIED", ".status.lastAppliedCommit")]
[PrinterColumn("FETCHED", ".status.lastFetchedCommit", Priority = 1)]
[PrinterColumn("OBJECTS", ".status.objects", "integer")]
[PrinterColumn("PHASE", ".status.phase")]
[PrinterColumn("READY", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("AGE", ".metadata.creationTimestamp", "date")]
public sealed record Source : CustomResource<SourceSpec, SourceStatus>
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = nameof(Source);
}

/// <summary>Where a source reads its manifests.</summary>
public sealed record SourceSpec
{
    /// <summary>Git or a local folder.</summary>
    [Required]
    [Description("Git (a remote branch) or Directory (a local folder, for local work).")]
    public SourceType Type { get; init; }

    /// <summary>The remote URL (without credentials) or the folder.</summary>
    [Required]
    [Description("The Git remote URL, never with credentials in it, or the folder's path.")]
    [Length(1, 2048)]
    public string Url { get; init; } = "";

    /// <summary>The tracked branch, for Git.</summary>
    [Description("The tracked branch of a Git source.")]
    [MaxLength(255)]
    public string? Branch { get; init; }

    /// <summary>How often the source is polled.</summary>
    [Description("How often the source is polled, e.g. 30s. A webhook push starts a sync at once.")]
    [RegularExpression("^[0-9]+(s|m|h)$")]
    public string? Interval { get; init; }
}

/// <summary>The kinds of source.</summary>
public enum SourceType
{
    /// <summary>A branch of a Git remote.</summary>
    Git,

    /// <summary>A local folder.</summary>
    Directory,
}

/// <summary>What a source fetched, applied and refused.</summary>
public sealed record SourceStatus : ResourceStatus
{
    /// <summary>The commit the branch pointed at, at the last successful fetch.</summary>
    [Description("The commit the tracked branch pointed at when last fetched.")]
    [MaxLength(64)]
    public string? LastFetchedCommit { get; init; }

    /// <summary>When the remote was last fetched successfully.</summary>
    [Description("When the remote was last fetched successfully.")]
    public DateTimeOffset? LastFetchTime { get; init; }

    /// <summary>The commit whose tree is the applied desired state.</summary>
    [Description("The last good commit: its tree is the applied desired state.")]
    [MaxLength(64)]
    public string? LastAppliedCommit { get; init; }

    /// <summary>When it was applied.</summary>
    [Description("When the last good commit was applied.")]
    public DateTimeOffset? LastAppliedTime { get; init; }

    /// <summary>The applied commit's subject line.</summary>
    [Description("The subject line of the last good commit.")]
    [MaxLength(1024)]
    public string? LastAppliedMessage { get; init; }

    /// <summary>How many objects the applied state holds.</summary>
    [Description("How many objects the applied state holds.")]
    [Range(0, int.MaxValue)]
    public int Objects { get; init; }

    /// <summary>The commit refused last, when the branch is at a refused commit.</summary>
    [Description("The commit that was refused, while the branch points at it.")]
    [MaxLength(64)]
    public string? RejectedCommit { get; init; }

    /// <summary>Why the source is failing: the refused commit's errors, or the fetch error.</summary>
    [Description("Why the current commit was refused (each error with file and line), or why the fetch failed. Empty when the source is healthy.")]
    [MaxLength(SourceError.MaxListed)]
    public IReadOnlyList<SourceError> Errors { get; init; } = [];

    /// <summary>How many errors there were, when more than are listed.</summary>
    [Description("How many errors there were in all; only the first ones are listed.")]
    [Range(0, int.MaxValue)]
    public int ErrorCount { get; init; }

    /// <summary>Since when the source has been failing.</summary>
    [Description("Since when the source has been failing (refused commits or failed fetches); unset when healthy.")]
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>Fetches failed in a row.</summary>
    [Description("Fetches that failed in a row; retries back off as it grows.")]
    [Range(0, int.MaxValue)]
    public int ConsecutiveFetchFailures { get; init; }
}

/// <summary>One error of a source, at a file and line when it has one.</summary>
public sealed record SourceError
{
    /// <summary>Most errors listed in a status.</summary>
    public const int MaxListed = 100;

    /// <summary>The file, relative to the repository.</summary>
    [Description("The file, relative to the repository root; empty for a fetch error.")]
    [MaxLength(4096)]
    public string? File { get; init; }

    /// <summary>1-based line.</summary>
    [Description("The 1-based line in the file.")]
    [Range(0, int.MaxValue)]
    public int Line { get; init; }

    /// <summary>1-based column.</summary>
    [Description("The 1-based column in the file.")]
    [Range(0, int.MaxValue)]
    public int Column { get; init; }

    /// <summary>What is wrong and what to do.</summary>
    [Required]
    [Description("What is wrong and what to do about it.")]
    [MaxLength(4096)]
    public string Message { get; init; } = "";
}
