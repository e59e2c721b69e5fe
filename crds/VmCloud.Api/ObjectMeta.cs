namespace VmCloud.Api;

/// <summary>Kubernetes object metadata: what identifies and versions an object.</summary>
public sealed record ObjectMeta
{
    /// <summary>Unique within its kind and namespace; a DNS-1123 label.</summary>
    public string Name { get; init; } = "";

    /// <summary>The tenant that owns the object; empty for cluster-scoped kinds.</summary>
    public string? Namespace { get; init; }

    /// <summary>Set by the control plane when the object is first created.</summary>
    public string? Uid { get; init; }

    /// <summary>Bumped by the control plane on every spec change, never on status writes.</summary>
    public long? Generation { get; init; }

    /// <summary>Opaque version of the stored object, changed by every write.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>When the object was first stored.</summary>
    public DateTimeOffset? CreationTimestamp { get; init; }

    /// <summary>Set when deletion was asked for; the object goes once its finalizers are gone.</summary>
    public DateTimeOffset? DeletionTimestamp { get; init; }

    /// <summary>Identifying key/value pairs, used by selectors.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Non-identifying key/value pairs, e.g. the source an object came from.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Controllers that must finish their clean-up before the object is removed.</summary>
    public IReadOnlyList<string>? Finalizers { get; init; }
}
