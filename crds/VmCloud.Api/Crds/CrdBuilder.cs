using System.Reflection;
using VmCloud.Api.Schema;

namespace VmCloud.Api.Crds;

/// <summary>
/// Builds the CustomResourceDefinition of a kind from its C# type alone: names and scope from
/// <see cref="CustomResourceAttribute"/>, columns from <see cref="PrinterColumnAttribute"/>, the schema
/// from <see cref="SchemaBuilder"/>. Pure, so the generator, its tests and a cluster installer agree.
/// </summary>
public static class CrdBuilder
{
    /// <summary>The category of every vmcloud.io kind: <c>kubectl get vmcloud</c> lists them all.</summary>
    public const string Category = "vmcloud";

    /// <summary>The CRD of one kind.</summary>
    public static CustomResourceDefinition For(KindInfo kind)
    {
        var schema = SchemaBuilder.ForKind(kind);
        return new CustomResourceDefinition
        {
            Name = kind.CrdName,
            Group = CustomResource.Group,
            Names = new CrdNames(
                kind.Kind,
                kind.Kind + "List",
                kind.Plural,
                kind.Kind.ToLowerInvariant(),
                kind.ShortNames,
                [Category]),
            Scope = kind.Namespaced ? "Namespaced" : "Cluster",
            Versions =
            [
                new CrdVersion(
                    CustomResource.Version,
                    Served: true,
                    Storage: true,
                    StatusSubresource: true,
                    PrinterColumns(kind.Type, schema),
                    CrdSchemaConverter.Convert(schema)),
            ],
        };
    }

    // Reflection returns the attributes in source order (the compiler emits them so), which is the
    // column order the kinds were written for.
    private static List<CrdPrinterColumn> PrinterColumns(Type type, SchemaNode schema) =>
        type.GetCustomAttributes<PrinterColumnAttribute>()
            .Select(c => new CrdPrinterColumn(c.Name, c.Type, c.JsonPath, c.Priority, DescriptionAt(schema, c.JsonPath)))
            .ToList();

    // Only plain paths (.spec.plan) lead to one field; filters and wildcards get no description.
    private static string? DescriptionAt(SchemaNode schema, string jsonPath)
    {
        if (!jsonPath.StartsWith('.') || jsonPath.IndexOfAny(['[', '*', '@']) >= 0) return null;
        SchemaNode? node = schema;
        foreach (var segment in jsonPath[1..].Split('.'))
            node = node?.Properties?.GetValueOrDefault(segment);
        return node is { IsEmbeddedMetadata: false } ? node.Description : null;
    }
}
