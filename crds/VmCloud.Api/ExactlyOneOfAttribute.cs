namespace VmCloud.Api;

/// <summary>
/// On an object type: exactly one of the named properties must be set. Names are the JSON (camelCase)
/// names, e.g. <c>[ExactlyOneOf("url", "loadBalancer")]</c>. The schema builder checks that they exist
/// and records them in <see cref="Schema.SchemaNode.ExactlyOneOf"/>; the CRD carries the rule as CEL.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ExactlyOneOfAttribute(params string[] properties) : Attribute
{
    /// <summary>The JSON names of the properties, at least two.</summary>
    public IReadOnlyList<string> Properties { get; } = properties;
}
