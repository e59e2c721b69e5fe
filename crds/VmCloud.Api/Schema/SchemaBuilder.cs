using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace VmCloud.Api.Schema;

/// <summary>Derives the structural schema of a kind from its C# type and DataAnnotations attributes.</summary>
public static class SchemaBuilder
{
    // Ranges written as int.MaxValue/long.MaxValue only say "non-negative": no maximum in the schema.
    private const double Unbounded = int.MaxValue;

    /// <summary>The schema of a whole object of the kind: apiVersion, kind, metadata, spec, status.</summary>
    public static SchemaNode ForKind(KindInfo kind)
    {
        var type = kind.Type;
        var properties = new OrderedDictionary<string, SchemaNode>
        {
            ["apiVersion"] = new() { Type = "string", Description = "APIVersion defines the versioned schema of this representation of an object. Always vmcloud.io/v1alpha1." },
            ["kind"] = new() { Type = "string", Description = $"Kind is the REST resource this object represents. Always {kind.Kind}." },
            ["metadata"] = new() { Type = "object", Description = "Standard object metadata: name, namespace (the tenant), labels and annotations.", IsEmbeddedMetadata = true },
            // Spec and Status are declared once on the generic base, so neither they nor their
            // per-kind types carry a [Description]; without one kubectl explain shows nothing.
            ["spec"] = DescribedIfMissing(ForProperty(type.GetProperty("Spec")!),
                $"Desired state of the {kind.Kind}, written by users and sources."),
            ["status"] = DescribedIfMissing(ForProperty(type.GetProperty("Status")!),
                $"Observed state of the {kind.Kind}, written by the control plane only."),
        };
        return new SchemaNode
        {
            Type = "object",
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = properties,
            Required = ["spec"],
        };
    }

    private static SchemaNode DescribedIfMissing(SchemaNode node, string description) =>
        string.IsNullOrWhiteSpace(node.Description) ? node with { Description = description } : node;

    private static SchemaNode ForProperty(PropertyInfo property)
    {
        var node = ForType(property.PropertyType);
        var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? property.PropertyType.GetCustomAttribute<DescriptionAttribute>()?.Description;
        node = node with { Description = description, Default = DefaultOf(property) };
        return node.Type == "array" && node.Items is not null
            ? ApplyToArray(node, property)
            : ApplyConstraints(node, property);
    }

    // On a list, count attributes bound the list; value attributes constrain each element.
    private static SchemaNode ApplyToArray(SchemaNode node, PropertyInfo property)
    {
        var length = property.GetCustomAttribute<LengthAttribute>();
        return node with
        {
            MinItems = length?.MinimumLength ?? property.GetCustomAttribute<MinLengthAttribute>()?.Length,
            MaxItems = length?.MaximumLength ?? property.GetCustomAttribute<MaxLengthAttribute>()?.Length,
            Items = ApplyValueConstraints(node.Items!, property),
        };
    }

    private static SchemaNode ApplyConstraints(SchemaNode node, PropertyInfo property)
    {
        var length = property.GetCustomAttribute<LengthAttribute>();
        return ApplyValueConstraints(node, property) with
        {
            MinLength = length?.MinimumLength ?? property.GetCustomAttribute<MinLengthAttribute>()?.Length,
            MaxLength = length?.MaximumLength ?? property.GetCustomAttribute<MaxLengthAttribute>()?.Length,
        };
    }

    private static SchemaNode ApplyValueConstraints(SchemaNode node, PropertyInfo property)
    {
        var range = property.GetCustomAttribute<RangeAttribute>();
        var maximum = range is null ? (double?)null : Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        return node with
        {
            Pattern = property.GetCustomAttribute<RegularExpressionAttribute>()?.Pattern ?? node.Pattern,
            Enum = property.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => v!.ToString()!).ToList() ?? node.Enum,
            Minimum = range is null ? node.Minimum : Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture),
            Maximum = maximum is >= Unbounded ? null : maximum ?? node.Maximum,
        };
    }

    private static SchemaNode ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return new() { Type = "string" };
        if (type == typeof(bool)) return new() { Type = "boolean" };
        if (type == typeof(int)) return new() { Type = "integer", Format = "int32" };
        if (type == typeof(long)) return new() { Type = "integer", Format = "int64" };
        if (type == typeof(double)) return new() { Type = "number" };
        if (type == typeof(DateTimeOffset)) return new() { Type = "string", Format = "date-time" };
        if (type.IsEnum) return new() { Type = "string", Enum = Enum.GetNames(type) };
        if (MapValueType(type) is { } valueType) return new() { Type = "object", AdditionalProperties = ForType(valueType) };
        if (ListElementType(type) is { } elementType) return new() { Type = "array", Items = ForType(elementType) };
        return ForObject(type);
    }

    private static SchemaNode ForObject(Type type)
    {
        var properties = new OrderedDictionary<string, SchemaNode>();
        var required = new List<string>();
        foreach (var property in SerializedProperties(type))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            properties[name] = ForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null) required.Add(name);
        }
        var exactlyOneOf = type.GetCustomAttributes<ExactlyOneOfAttribute>()
            .Select(a => CheckedGroup(type, a.Properties, properties))
            .ToList();
        return new SchemaNode
        {
            Type = "object",
            Properties = properties,
            Required = required.Count > 0 ? required : null,
            ExactlyOneOf = exactlyOneOf.Count > 0 ? exactlyOneOf : null,
        };
    }

    // A misspelt name would make the rule unsatisfiable for every object, so fail at build time.
    private static IReadOnlyList<string> CheckedGroup(
        Type type, IReadOnlyList<string> names, OrderedDictionary<string, SchemaNode> properties)
    {
        if (names.Count < 2)
            throw new InvalidOperationException($"[ExactlyOneOf] on {type.Name} needs at least two property names");
        var unknown = names.Where(n => !properties.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException(
                $"[ExactlyOneOf] on {type.Name} names unknown properties: {string.Join(", ", unknown)}");
        return names;
    }

    /// <summary>
    /// Public instance properties that are serialized, base type's first, each in declaration order.
    /// An abstract property stands where its base declares it, in the form of its override.
    /// </summary>
    public static IEnumerable<PropertyInfo> SerializedProperties(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) chain.Push(t);
        return chain.SelectMany(t => t
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null
                && p.GetIndexParameters().Length == 0
                && p.Name != "EqualityContract"
                && !IsOverride(p))
            .OrderBy(p => p.MetadataToken)
            .Select(p => p.GetMethod!.IsAbstract ? type.GetProperty(p.Name)! : p));
    }

    private static bool IsOverride(PropertyInfo property) =>
        property.GetMethod is { } getter && getter.GetBaseDefinition().DeclaringType != getter.DeclaringType;

    private static object? DefaultOf(PropertyInfo property) =>
        property.GetCustomAttribute<DefaultValueAttribute>()?.Value switch
        {
            Enum e => e.ToString(),
            var v => v,
        };

    private static Type? MapValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(IReadOnlyDictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>))
            && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ListElementType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType
            ? type.GetGenericArguments()[0]
            : null;
}
