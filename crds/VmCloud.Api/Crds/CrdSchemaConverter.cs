using VmCloud.Api.Schema;

namespace VmCloud.Api.Crds;

/// <summary>Turns a <see cref="SchemaNode"/> into the openAPIV3Schema form a CRD carries.</summary>
public static class CrdSchemaConverter
{
    /// <summary>The CRD schema of a node and everything under it.</summary>
    public static CrdSchema Convert(SchemaNode node)
    {
        // The API server owns metadata's schema and rejects CRDs that describe more than its type.
        if (node.IsEmbeddedMetadata) return new CrdSchema { Type = "object" };
        return new CrdSchema
        {
            Type = node.Type,
            Format = node.Format,
            Description = node.Description,
            Enum = node.Enum,
            Default = node.Default,
            Minimum = node.Minimum,
            Maximum = node.Maximum,
            MinLength = node.MinLength,
            MaxLength = node.MaxLength,
            Pattern = node.Pattern,
            MinItems = node.MinItems,
            MaxItems = node.MaxItems,
            Items = node.Items is null ? null : Convert(node.Items),
            AdditionalProperties = node.AdditionalProperties is null ? null : Convert(node.AdditionalProperties),
            Properties = node.Properties is null ? null : ConvertProperties(node.Properties),
            Required = node.Required,
            Validations = node.ExactlyOneOf?.Select(ExactlyOneOfRule).ToList(),
        };
    }

    /// <summary>
    /// The CEL rule that exactly one of the named properties is set. Two names give the readable
    /// <c>has(self.a) != has(self.b)</c>; more count the ones present.
    /// </summary>
    public static CrdValidationRule ExactlyOneOfRule(IReadOnlyList<string> names)
    {
        var message = $"set exactly one of {string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
        var rule = names.Count == 2
            ? $"has(self.{names[0]}) != has(self.{names[1]})"
            : $"[{string.Join(", ", names.Select(n => $"has(self.{n})"))}].filter(x, x).size() == 1";
        return new CrdValidationRule(rule, message);
    }

    private static OrderedDictionary<string, CrdSchema> ConvertProperties(IReadOnlyDictionary<string, SchemaNode> properties)
    {
        var converted = new OrderedDictionary<string, CrdSchema>();
        foreach (var (name, child) in properties) converted[name] = Convert(child);
        return converted;
    }
}
