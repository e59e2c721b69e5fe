using System.Text.Json.Serialization;

namespace VmCloud.Api;

/// <summary>
/// Something that happened to an object, recorded by a controller on a transition and shown by
/// <c>vmcl describe</c> — the counterpart of a Kubernetes core/v1 Event. Not a CRD: events live in
/// the store next to the objects they are about.
/// </summary>
public sealed record Event : CustomResource
{
    /// <summary>The store's kind name for events.</summary>
    public const string KindName = "Event";

    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = KindName;

    /// <summary>The object the event is about.</summary>
    public required ObjectReference InvolvedObject { get; init; }

    /// <summary>Normal or Warning.</summary>
    public string Type { get; init; } = "Normal";

    /// <summary>A PascalCase reason, e.g. Scheduled or Rejected.</summary>
    public required string Reason { get; init; }

    /// <summary>A human sentence.</summary>
    public required string Message { get; init; }

    /// <summary>The controller that recorded it.</summary>
    public string Source { get; init; } = "";

    /// <summary>How many times it happened (repeats are folded into one event).</summary>
    public int Count { get; init; } = 1;

    /// <summary>When it first happened.</summary>
    public DateTimeOffset FirstTimestamp { get; init; }

    /// <summary>When it last happened.</summary>
    public DateTimeOffset LastTimestamp { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override ResourceStatus? StatusBase => null;
}

/// <summary>Points at an object by kind, namespace, name and uid.</summary>
public sealed record ObjectReference(string Kind, string? Namespace, string Name, string? Uid);
