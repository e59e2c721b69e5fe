namespace VmCloud.Api;

/// <summary>Marks a type as a vmcloud.io custom resource kind and carries what its CRD needs.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CustomResourceAttribute(string plural, params string[] shortNames) : Attribute
{
    /// <summary>Lower-case plural used in API paths, e.g. <c>virtualservers</c>.</summary>
    public string Plural { get; } = plural;

    /// <summary>Short names accepted by kubectl, e.g. <c>vps</c>.</summary>
    public IReadOnlyList<string> ShortNames { get; } = shortNames;

    /// <summary>False for cluster-scoped kinds (Tenant, HypervisorNode).</summary>
    public bool Namespaced { get; init; } = true;
}

/// <summary>An additional printer column shown by <c>kubectl get</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrinterColumnAttribute(string name, string jsonPath, string type = "string") : Attribute
{
    /// <summary>Column header.</summary>
    public string Name { get; } = name;

    /// <summary>JSONPath into the object.</summary>
    public string JsonPath { get; } = jsonPath;

    /// <summary>OpenAPI type of the column: string, integer, boolean or date.</summary>
    public string Type { get; } = type;

    /// <summary>0 shows in the default view, 1 only with <c>-o wide</c>.</summary>
    public int Priority { get; init; }
}
