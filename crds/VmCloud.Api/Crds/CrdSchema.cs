namespace VmCloud.Api.Crds;

/// <summary>
/// One node of a CRD's openAPIV3Schema (Kubernetes' JSONSchemaProps), the wire form of a
/// <see cref="Schema.SchemaNode"/>: embedded metadata left to the API server, rules as CEL.
/// </summary>
public sealed record CrdSchema
{
    /// <summary>object, array, string, integer, number or boolean; every node has one (structural schema).</summary>
    public required string Type { get; init; }

    /// <summary>e.g. int32, int64, date-time.</summary>
    public string? Format { get; init; }

    /// <summary>Shown by <c>kubectl explain</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Allowed values.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>The value the API server fills in when the field is absent.</summary>
    public object? Default { get; init; }

    /// <summary>Smallest allowed number.</summary>
    public double? Minimum { get; init; }

    /// <summary>Largest allowed number.</summary>
    public double? Maximum { get; init; }

    /// <summary>Shortest string.</summary>
    public int? MinLength { get; init; }

    /// <summary>Longest string.</summary>
    public int? MaxLength { get; init; }

    /// <summary>A regular expression a string must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>Fewest array elements.</summary>
    public int? MinItems { get; init; }

    /// <summary>Most array elements.</summary>
    public int? MaxItems { get; init; }

    /// <summary>The schema of every array element.</summary>
    public CrdSchema? Items { get; init; }

    /// <summary>The schema of every map value.</summary>
    public CrdSchema? AdditionalProperties { get; init; }

    /// <summary>Properties of an object, in declaration order.</summary>
    public IReadOnlyDictionary<string, CrdSchema>? Properties { get; init; }

    /// <summary>Property names that must be present.</summary>
    public IReadOnlyList<string>? Required { get; init; }

    /// <summary>CEL rules (<c>x-kubernetes-validations</c>) evaluated by the API server.</summary>
    public IReadOnlyList<CrdValidationRule>? Validations { get; init; }
}

/// <summary>A CEL validation rule of a schema node.</summary>
/// <param name="Rule">A CEL expression over <c>self</c> that must be true.</param>
/// <param name="Message">What the API server answers when it is false.</param>
public sealed record CrdValidationRule(string Rule, string Message);
