using System.Text.Json;
using System.Text.Json.Nodes;
using VmCloud.Api;
using VmCloud.Api.Schema;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Core.Manifests;

/// <summary>
/// Turns one YAML document into a typed <see cref="Manifest"/>: apiVersion and kind, metadata, the
/// tenant-folder rules, then the spec against the kind's schema. All problems of the document are
/// reported, not just the first.
/// </summary>
internal static class ManifestDecoder
{
    private static readonly Dictionary<string, SchemaNode> Schemas =
        Kinds.All.ToDictionary(k => k.Kind, SchemaBuilder.ForKind);

    private static readonly string[] TopLevel = ["apiVersion", "kind", "metadata", "spec", "status"];

    /// <summary>The manifest, or null with the reasons added to <paramref name="errors"/>.</summary>
    public static Manifest? Decode(YamlValue document, DocumentContext context, List<ManifestError> errors)
    {
        if (document is not YamlMap map)
        {
            errors.Add(new(document.At, "a manifest must be a mapping with apiVersion, kind, metadata and spec"));
            return null;
        }
        var problems = new List<(SourceMark At, string Message)>();
        var positions = new Dictionary<string, SourceMark>();
        void Report(SourceMark at, string message) => problems.Add((at, message));

        var kind = ReadKind(map, Report);
        var metadata = map.Get("metadata") is { } m ? MetadataBinder.Bind(m, Report, positions) : null;
        if (metadata is null && map.Get("metadata") is null) Report(map.At, "metadata is required, with at least a name");
        if (kind is not null && metadata is not null) ApplyTenantFolder(kind, metadata, map, context, Report);

        JsonObject? spec = null, status = null;
        if (kind is not null)
        {
            var schema = Schemas[kind.Kind];
            var binder = new SchemaBinder(Report, positions);
            foreach (var (key, value) in map.Entries)
            {
                if (key.Value == "spec") spec = binder.Bind(value, schema.Properties!["spec"], "spec") as JsonObject;
                else if (key.Value == "status" && context.AllowStatus) status = binder.Bind(value, schema.Properties!["status"], "status") as JsonObject;
                else if (key.Value == "status") Report(key.At, "status is written by the control plane; remove it from the manifest");
                else if (!TopLevel.Contains(key.Value)) Report(key.At, $"{key.Value}: unknown field{Suggestions.DidYouMean(key.Value, TopLevel)}; a manifest has apiVersion, kind, metadata and spec");
            }
            if (map.Get("spec") is not { } specValue) Report(map.At, $"spec is required: the desired state of the {kind.Kind}");
            else if (specValue is YamlScalar { IsNull: true }) Report(specValue.At, $"spec is empty: give the desired state of the {kind.Kind}");
        }

        var name = metadata?["name"]?.GetValue<string>();
        var ns = metadata?["namespace"]?.GetValue<string>();
        errors.AddRange(problems.Select(p => new ManifestError(p.At, p.Message, kind?.Kind, kind is null ? null : ns, kind is null ? null : name)));
        if (problems.Count > 0 || kind is null || metadata is null || spec is null) return null;

        var json = new JsonObject
        {
            ["apiVersion"] = CustomResource.GroupVersion,
            ["kind"] = kind.Kind,
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
        if (status is not null) json["status"] = status;
        try
        {
            var resource = (CustomResource)json.Deserialize(kind.Type, ApiJson.Options)!;
            return new Manifest(resource, kind, map.At, positions);
        }
        catch (JsonException e)
        {
            // The schema admitted something the types cannot hold: a bug, reported rather than thrown.
            errors.Add(new(map.At, $"cannot read this object ({e.Message}); please report this as a VmCloud bug", kind.Kind, ns, name));
            return null;
        }
    }

    private static KindInfo? ReadKind(YamlMap map, Action<SourceMark, string> report)
    {
        var apiVersion = map.Get("apiVersion") as YamlScalar;
        var kindValue = map.Get("kind") as YamlScalar;
        if (apiVersion is null || apiVersion.IsNull)
            report(map.At, $"apiVersion is required: {CustomResource.GroupVersion}");
        else if (apiVersion.Value != CustomResource.GroupVersion)
        {
            report(apiVersion.At, $"apiVersion {apiVersion.Value} is not served by VmCloud; use {CustomResource.GroupVersion}");
            return null;
        }
        if (kindValue is null || kindValue.IsNull)
        {
            report(map.At, $"kind is required: one of {string.Join(", ", Kinds.All.Select(k => k.Kind))}");
            return null;
        }
        var kind = Kinds.Find(kindValue.Value);
        if (kind is null)
            report(kindValue.At, $"unknown kind {kindValue.Value}{Suggestions.DidYouMean(kindValue.Value, Kinds.All.Select(k => k.Kind))}; VmCloud serves {string.Join(", ", Kinds.All.Select(k => k.Kind))}");
        if (kind?.Type == typeof(Source))
        {
            // A repository naming its own sources could make the operator fetch anything: sources
            // come from the operator's command line only.
            report(kindValue.At, "Source objects cannot be declared in manifests; the operator creates them from its --source options");
            return null;
        }
        return apiVersion?.Value == CustomResource.GroupVersion ? kind : null;
    }

    // A tenant's folder holds only that tenant's objects: the namespace defaults to the folder, may
    // not name another tenant, and only the folder's own Tenant may be declared there.
    private static void ApplyTenantFolder(KindInfo kind, JsonObject metadata, YamlMap map, DocumentContext context, Action<SourceMark, string> report)
    {
        var at = (map.Get("metadata") as YamlMap)?.Get("namespace")?.At ?? map.At;
        var ns = metadata["namespace"]?.GetValue<string>();
        var name = metadata["name"]?.GetValue<string>();
        var tenant = context.TenantFolder;
        if (!kind.Namespaced)
        {
            if (ns is not null) report(at, $"metadata.namespace must not be set: {kind.Kind} is cluster-scoped");
            if (tenant is not null && kind.Type == typeof(HypervisorNode))
                report(map.At, $"a tenant folder cannot declare HypervisorNodes; nodes are managed by staff outside tenants/");
            else if (tenant is not null && name is not null && name != tenant)
                report(map.At, $"the folder tenants/{tenant}/ can only declare the Tenant {tenant}, not {name}");
            return;
        }
        if (ns is null && tenant is not null) metadata["namespace"] = tenant;
        else if (ns is null) report(map.At, "metadata.namespace is required: the tenant that owns the object");
        else if (tenant is not null && ns != tenant)
            report(at, $"metadata.namespace is {ns} but the file is in tenants/{tenant}/; a tenant folder holds only that tenant's objects");
    }
}
