namespace VmCloud.Api.Schema;

/// <summary>
/// One node of an OpenAPI v3 structural schema, as Kubernetes CRDs use it. Built from the C# types by
/// <see cref="SchemaBuilder"/>; rendered into the CRD YAML and used to validate manifests, so the
/// two can never disagree.
/// </summary>
public sealed record SchemaNode
{
    /// <summary>object, array, string, integer, number or boolean.</summary>
    public required string Type { get; init; }

    /// <summary>e.g. int32, int64, date-time.</summary>
    public string? Format { get; init; }

    /// <summary>What the field means; shown by <c>kubectl explain</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Properties of an object, in declaration order.</summary>
    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }

    /// <summary>Property names that must be present.</summary>
    public IReadOnlyList<string>? Required { get; init; }

    /// <summary>The schema of every element of an array.</summary>
    public SchemaNode? Items { get; init; }

    /// <summary>The schema of every value of a map.</summary>
    public SchemaNode? AdditionalProperties { get; init; }

    /// <summary>The allowed values of a string.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>A regular expression a string must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>Smallest allowed number.</summary>
    public double? Minimum { get; init; }

    /// <summary>Largest allowed number.</summary>
    public double? Maximum { get; init; }

    /// <summary>Fewest array elements.</summary>
    public int? MinItems { get; init; }

    /// <summary>Most array elements.</summary>
    public int? MaxItems { get; init; }

    /// <summary>Shortest string.</summary>
    public int? MinLength { get; init; }

    /// <summary>Longest string.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The value the API server fills in when the field is absent.</summary>
    public object? Default { get; init; }

    /// <summary>
    /// Groups of property names (JSON names) of which exactly one must be set, from
    /// <see cref="ExactlyOneOfAttribute"/> on the object's type.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>>? ExactlyOneOf { get; init; }

    /// <summary>True for embedded Kubernetes objects (metadata) whose schema the API server owns.</summary>
    public bool IsEmbeddedMetadata { get; init; }
}
