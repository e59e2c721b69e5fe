namespace VmCloud.Api.Crds;

/// <summary>
/// The wire form of a <see cref="CustomResourceDefinition"/>: a tree of ordered maps, lists and
/// scalars with the apiextensions.k8s.io field names, in a fixed order. Any serializer (YAML for the
/// committed files, JSON for an API server) writes it as it is; nulls are left out.
/// </summary>
public static class CrdManifest
{
    /// <summary>The manifest of a CRD.</summary>
    public static OrderedDictionary<string, object> ToTree(CustomResourceDefinition crd) => new()
    {
        ["apiVersion"] = crd.ApiVersion,
        ["kind"] = crd.Kind,
        ["metadata"] = new OrderedDictionary<string, object> { ["name"] = crd.Name },
        ["spec"] = new OrderedDictionary<string, object>
        {
            ["group"] = crd.Group,
            ["names"] = Names(crd.Names),
            ["scope"] = crd.Scope,
            ["versions"] = crd.Versions.Select(Version).ToList<object>(),
        },
    };

    /// <summary>The openAPIV3Schema map of one schema node.</summary>
    public static OrderedDictionary<string, object> ToTree(CrdSchema schema)
    {
        var map = new OrderedDictionary<string, object>();
        Add(map, "description", schema.Description);
        Add(map, "type", schema.Type);
        Add(map, "format", schema.Format);
        Add(map, "enum", schema.Enum?.ToList<object>());
        Add(map, "default", schema.Default);
        Add(map, "minimum", Number(schema.Minimum));
        Add(map, "maximum", Number(schema.Maximum));
        Add(map, "minLength", schema.MinLength);
        Add(map, "maxLength", schema.MaxLength);
        Add(map, "pattern", schema.Pattern);
        Add(map, "minItems", schema.MinItems);
        Add(map, "maxItems", schema.MaxItems);
        Add(map, "items", schema.Items is null ? null : ToTree(schema.Items));
        Add(map, "additionalProperties", schema.AdditionalProperties is null ? null : ToTree(schema.AdditionalProperties));
        Add(map, "properties", schema.Properties is null ? null : Properties(schema.Properties));
        Add(map, "required", schema.Required?.ToList<object>());
        Add(map, "x-kubernetes-validations", schema.Validations?.Select(Rule).ToList<object>());
        return map;
    }

    private static OrderedDictionary<string, object> Names(CrdNames names)
    {
        var map = new OrderedDictionary<string, object>
        {
            ["kind"] = names.Kind,
            ["listKind"] = names.ListKind,
            ["plural"] = names.Plural,
            ["singular"] = names.Singular,
        };
        if (names.ShortNames.Count > 0) map["shortNames"] = names.ShortNames.ToList<object>();
        if (names.Categories.Count > 0) map["categories"] = names.Categories.ToList<object>();
        return map;
    }

    private static OrderedDictionary<string, object> Version(CrdVersion version)
    {
        var map = new OrderedDictionary<string, object>
        {
            ["name"] = version.Name,
            ["served"] = version.Served,
            ["storage"] = version.Storage,
        };
        if (version.StatusSubresource)
        {
            map["subresources"] = new OrderedDictionary<string, object> { ["status"] = new OrderedDictionary<string, object>() };
        }
        if (version.PrinterColumns.Count > 0)
            map["additionalPrinterColumns"] = version.PrinterColumns.Select(PrinterColumn).ToList<object>();
        map["schema"] = new OrderedDictionary<string, object> { ["openAPIV3Schema"] = ToTree(version.Schema) };
        return map;
    }

    private static OrderedDictionary<string, object> PrinterColumn(CrdPrinterColumn column)
    {
        var map = new OrderedDictionary<string, object> { ["name"] = column.Name, ["type"] = column.Type };
        if (column.Priority != 0) map["priority"] = column.Priority;
        map["jsonPath"] = column.JsonPath;
        Add(map, "description", column.Description);
        return map;
    }

    private static OrderedDictionary<string, object> Properties(IReadOnlyDictionary<string, CrdSchema> properties)
    {
        var map = new OrderedDictionary<string, object>();
        foreach (var (name, child) in properties) map[name] = ToTree(child);
        return map;
    }

    private static OrderedDictionary<string, object> Rule(CrdValidationRule rule) =>
        new() { ["rule"] = rule.Rule, ["message"] = rule.Message };

    // Whole numbers become longs so that every serializer writes them without a decimal point.
    private static object? Number(double? value) =>
        value is { } v && Math.Floor(v) == v && Math.Abs(v) < 9007199254740992d ? (long)v : value;

    private static void Add(OrderedDictionary<string, object> map, string key, object? value)
    {
        if (value is not null) map[key] = value;
    }
}
