using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VmCloud.Api;
using VmCloud.Engine.Store;

namespace VmCloud.Operator.Api;

/// <summary>
/// The read API for every kind, shaped like the Kubernetes API: the same paths
/// (<c>/apis/vmcloud.io/v1alpha1/namespaces/NS/PLURAL/NAME</c>), list objects with
/// <c>metadata.resourceVersion</c>, and errors as <c>Status</c> objects.
/// </summary>
internal static class ResourceEndpoints
{
    private const string Root = "/apis/" + CustomResource.GroupVersion;

    public static IEndpointRouteBuilder MapResourceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Root + "/{plural}", (string plural, string? labelSelector, IResourceStore store, CancellationToken ct) =>
            ListAsync(plural, null, labelSelector, store, ct));
        app.MapGet(Root + "/namespaces/{ns}/{plural}", (string ns, string plural, string? labelSelector, IResourceStore store, CancellationToken ct) =>
            ListAsync(plural, ns, labelSelector, store, ct));
        app.MapGet(Root + "/namespaces/{ns}/{plural}/{name}", (string ns, string plural, string name, IResourceStore store, CancellationToken ct) =>
            GetAsync(plural, ns, name, store, ct));
        app.MapGet(Root + "/{plural}/{name}", (string plural, string name, IResourceStore store, CancellationToken ct) =>
            GetAsync(plural, null, name, store, ct));
        app.MapGet(Root + "/namespaces/{ns}/{plural}/{name}/events", (string ns, string plural, string name, IResourceStore store, CancellationToken ct) =>
            EventsAsync(plural, ns, name, store, ct));
        app.MapGet(Root + "/{plural}/{name}/events", (string plural, string name, IResourceStore store, CancellationToken ct) =>
            EventsAsync(plural, null, name, store, ct));
        return app;
    }

    private static async Task<IResult> ListAsync(string plural, string? ns, string? labelSelector, IResourceStore store, CancellationToken ct)
    {
        if (Resolve(plural, ns) is not { } kind) return UnknownResource(plural, ns);
        if (LabelSelector.Parse(labelSelector) is not { } selector) return ApiErrors.BadRequest($"labelSelector \"{labelSelector}\" is not of the form key=value,key2=value2");
        var list = await store.ListAsync(kind.Kind, ns, ct);
        var items = new JsonArray(list.Items.Where(selector.Matches).Select(ToJson).ToArray<JsonNode?>());
        return Json(new JsonObject
        {
            ["apiVersion"] = CustomResource.GroupVersion,
            ["kind"] = kind.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = list.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    }

    private static async Task<IResult> GetAsync(string plural, string? ns, string name, IResourceStore store, CancellationToken ct)
    {
        if (Resolve(plural, ns) is not { } kind) return UnknownResource(plural, ns);
        var key = new ResourceKey(kind.Kind, ns, name);
        return await store.GetAsync(key, ct) is { } resource ? Json(ToJson(resource)!) : ApiErrors.NotFound($"{kind.Plural} \"{name}\" not found");
    }

    private static async Task<IResult> EventsAsync(string plural, string? ns, string name, IResourceStore store, CancellationToken ct)
    {
        if (Resolve(plural, ns) is not { } kind) return UnknownResource(plural, ns);
        var events = (await store.ListAsync(Event.KindName, ns, ct)).Items.OfType<Event>()
            .Where(e => e.InvolvedObject.Kind == kind.Kind && e.InvolvedObject.Name == name)
            .OrderByDescending(e => e.LastTimestamp);
        return Json(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "EventList",
            ["items"] = new JsonArray(events.Select(ToJson).ToArray<JsonNode?>()),
        });
    }

    // A namespaced kind under /namespaces/NS/, a cluster-scoped one without; both listable cluster-wide.
    private static KindInfo? Resolve(string plural, string? ns) =>
        Kinds.All.FirstOrDefault(k => k.Plural == plural) is { } kind && (ns is null || kind.Namespaced) ? kind : null;

    private static IResult UnknownResource(string plural, string? ns) =>
        ApiErrors.NotFound(ns is not null && Kinds.All.Any(k => k.Plural == plural)
            ? $"{plural} are cluster-scoped: use {Root}/{plural}"
            : $"the server could not find the requested resource {plural}; served: {string.Join(", ", Kinds.All.Select(k => k.Plural))}");

    private static JsonNode? ToJson(CustomResource resource) => JsonSerializer.SerializeToNode(resource, resource.GetType(), ApiJson.Options);

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(ApiJson.Options), "application/json");
}
