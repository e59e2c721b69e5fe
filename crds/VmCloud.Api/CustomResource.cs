using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace VmCloud.Api;

/// <summary>What every vmcloud.io object has, whatever its kind.</summary>
public abstract record CustomResource
{
    /// <summary>The API group and version of every kind here.</summary>
    public const string Group = "vmcloud.io";

    /// <summary>The served version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>vmcloud.io/v1alpha1</c>.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>Always <c>vmcloud.io/v1alpha1</c>.</summary>
    [Description("APIVersion defines the versioned schema of this representation of an object.")]
    [JsonPropertyOrder(-5)]
    public string ApiVersion { get; init; } = GroupVersion;

    /// <summary>The kind name, e.g. VirtualServer.</summary>
    [Description("Kind is a string value representing the REST resource this object represents.")]
    [JsonPropertyOrder(-4)]
    public abstract string Kind { get; init; }

    /// <summary>Name, namespace (tenant), identity and versioning of the object.</summary>
    [Description("Standard object metadata.")]
    [JsonPropertyOrder(-3)]
    public ObjectMeta Metadata { get; init; } = new();

    /// <summary>The status as an untyped base, for code that handles every kind alike.</summary>
    [JsonIgnore]
    public abstract ResourceStatus? StatusBase { get; }
}

/// <summary>A custom resource with a typed spec (desired state) and status (observed state).</summary>
public abstract record CustomResource<TSpec, TStatus> : CustomResource
    where TSpec : new()
    where TStatus : ResourceStatus
{
    /// <summary>Desired state, written by users and sources.</summary>
    [Required]
    [JsonPropertyOrder(-2)]
    public TSpec Spec { get; init; } = new();

    /// <summary>Observed state, written by the control plane only.</summary>
    [JsonPropertyOrder(-1)]
    public TStatus? Status { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override ResourceStatus? StatusBase => Status;
}
