namespace VmCloud.Api.Crds;

/// <summary>
/// An <c>apiextensions.k8s.io/v1</c> CustomResourceDefinition: the part of the Kubernetes type that
/// VmCloud's kinds use. Built by <see cref="CrdBuilder"/>; <see cref="CrdManifest"/> gives its wire form.
/// </summary>
public sealed record CustomResourceDefinition
{
    /// <summary>Always <c>apiextensions.k8s.io/v1</c>.</summary>
    public string ApiVersion { get; init; } = "apiextensions.k8s.io/v1";

    /// <summary>Always <c>CustomResourceDefinition</c>.</summary>
    public string Kind { get; init; } = "CustomResourceDefinition";

    /// <summary>The CRD's own name, <c>&lt;plural&gt;.&lt;group&gt;</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The API group, e.g. vmcloud.io.</summary>
    public required string Group { get; init; }

    /// <summary>How clients name the kind.</summary>
    public required CrdNames Names { get; init; }

    /// <summary>Namespaced or Cluster.</summary>
    public required string Scope { get; init; }

    /// <summary>The served versions, the storage one included.</summary>
    public required IReadOnlyList<CrdVersion> Versions { get; init; }
}

/// <summary>The names by which clients refer to a kind.</summary>
/// <param name="Kind">The kind, e.g. VirtualServer.</param>
/// <param name="ListKind">The kind of its lists, e.g. VirtualServerList.</param>
/// <param name="Plural">Lower-case plural used in API paths, e.g. virtualservers.</param>
/// <param name="Singular">Lower-case singular, e.g. virtualserver.</param>
/// <param name="ShortNames">Short names accepted by kubectl, e.g. vps.</param>
/// <param name="Categories">Groups of kinds, so <c>kubectl get vmcloud</c> lists them all.</param>
public sealed record CrdNames(
    string Kind,
    string ListKind,
    string Plural,
    string Singular,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories);

/// <summary>One version of a kind.</summary>
/// <param name="Name">The version, e.g. v1alpha1.</param>
/// <param name="Served">Whether the API server serves it.</param>
/// <param name="Storage">Whether objects are stored in it; exactly one version is.</param>
/// <param name="StatusSubresource">Whether status is a subresource, written apart from spec.</param>
/// <param name="PrinterColumns">Extra columns of <c>kubectl get</c>.</param>
/// <param name="Schema">The openAPIV3Schema of a whole object.</param>
public sealed record CrdVersion(
    string Name,
    bool Served,
    bool Storage,
    bool StatusSubresource,
    IReadOnlyList<CrdPrinterColumn> PrinterColumns,
    CrdSchema Schema);

/// <summary>An additional printer column of <c>kubectl get</c>.</summary>
/// <param name="Name">Column header.</param>
/// <param name="Type">string, integer, number, boolean or date.</param>
/// <param name="JsonPath">JSONPath into the object.</param>
/// <param name="Priority">0 in the default view, 1 only with <c>-o wide</c>.</param>
/// <param name="Description">What the column shows, from the field it reads; null when unknown.</param>
public sealed record CrdPrinterColumn(string Name, string Type, string JsonPath, int Priority, string? Description);
