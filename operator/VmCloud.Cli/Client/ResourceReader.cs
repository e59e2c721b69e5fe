using System.Text.Json;
using System.Text.Json.Nodes;
using VmCloud.Api;

namespace VmCloud.Cli.Client;

/// <summary>The reads <c>get</c> and <c>describe</c> make, over the API's Kubernetes-shaped paths.</summary>
internal sealed class ResourceReader(OperatorClient client)
{
    private const string Root = "/apis/" + CustomResource.GroupVersion;

    /// <summary>The kind's list, in one namespace or (null) all of them, optionally filtered by labels.</summary>
    public Task<ApiResult> ListAsync(KindInfo kind, string? ns, string? labelSelector, CancellationToken cancellationToken) =>
        client.GetAsync(Collection(kind, ns) + (labelSelector is null ? "" : "?labelSelector=" + Uri.EscapeDataString(labelSelector)), cancellationToken);

    /// <summary>Every object of a kind, typed; null (and the operator's message on <paramref name="error"/>) when the list cannot be read.</summary>
    public async Task<IReadOnlyList<CustomResource>?> ListObjectsAsync(string kind, TextWriter error, CancellationToken cancellationToken)
    {
        var info = Kinds.Find(kind)!;
        switch (await ListAsync(info, null, null, cancellationToken))
        {
            case ApiResult.Found found:
                return [.. Items(found.Body).Select(item => (CustomResource)item.Deserialize(info.Type, ApiJson.Options)!)];
            case ApiResult.Failed failed:
                error.WriteLine($"vmcl: {failed.Message}");
                return null;
            default:
                return null;
        }
    }

    /// <summary>One object. Without a namespace, a namespaced kind is looked for in every tenant: there is no default tenant to assume.</summary>
    public async Task<ApiResult> GetAsync(KindInfo kind, string? ns, string name, CancellationToken cancellationToken)
    {
        if (!kind.Namespaced || ns is not null) return await client.GetAsync(Collection(kind, ns) + "/" + Uri.EscapeDataString(name), cancellationToken);
        var all = await ListAsync(kind, null, null, cancellationToken);
        if (all is not ApiResult.Found list) return all;
        var matches = Items(list.Body).Where(item => item["metadata"]?["name"]?.GetValue<string>() == name).ToList();
        return matches switch
        {
            [] => new ApiResult.Failed(Vmcl.Invalid, $"{kind.Plural} \"{name}\" not found in any namespace"),
            [var only] => new ApiResult.Found(only.DeepClone()),
            _ => new ApiResult.Failed(Vmcl.UsageError,
                $"{kind.Plural} \"{name}\" exists in several namespaces ({string.Join(", ", matches.Select(m => m["metadata"]?["namespace"]))}); pass -n NAMESPACE"),
        };
    }

    /// <summary>The object's events, newest first.</summary>
    public Task<ApiResult> EventsAsync(KindInfo kind, string? ns, string name, CancellationToken cancellationToken) =>
        client.GetAsync(Collection(kind, ns) + "/" + Uri.EscapeDataString(name) + "/events", cancellationToken);

    /// <summary>The items of a list object.</summary>
    public static IReadOnlyList<JsonNode> Items(JsonNode list) => [.. (list["items"] as JsonArray)?.OfType<JsonNode>() ?? []];

    // Cluster-scoped kinds have no namespace segment, whatever namespace was given.
    private static string Collection(KindInfo kind, string? ns) =>
        kind.Namespaced && ns is not null ? $"{Root}/namespaces/{Uri.EscapeDataString(ns)}/{kind.Plural}" : $"{Root}/{kind.Plural}";
}
