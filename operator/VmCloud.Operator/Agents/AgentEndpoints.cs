using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine;
using VmCloud.Engine.Nodes;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Store;
using VmCloud.Operator.Api;
using VmCloud.Operator.Metrics;

namespace VmCloud.Operator.Agents;

/// <summary>
/// The operator's side of the agent protocol (docs/agent-protocol.md): registration, the long-poll
/// of a node's desired document and the report, each behind the node's own bearer token.
/// </summary>
internal static class AgentEndpoints
{
    private const long RegistrationLimit = 64 * 1024;
    private const long ReportLimit = 16 * 1024 * 1024;
    private static readonly RegistrationAccepted Accepted = new(AgentProtocol.Version, HeartbeatIntervalSeconds: 10, LongPollSeconds: 30);

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var node = app.MapGroup(AgentProtocol.BasePath + "/nodes/{node}").AddEndpointFilter(AgentRequestMetrics.TimeAsync).AddEndpointFilter(AuthorizeAsync);
        node.MapPost("/registration", RegisterAsync);
        node.MapGet("/desired", DesiredAsync);
        node.MapPut("/report", ReportAsync);
        return app;
    }

    // 401 without a known token, 403 when the token is another node's: a token reaches only its own node.
    private static async ValueTask<object?> AuthorizeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tokens = http.RequestServices.GetService(typeof(AgentTokenFile)) as AgentTokenFile ?? AgentTokenFile.Empty;
        var header = http.Request.Headers.Authorization.ToString();
        var owner = header.StartsWith("Bearer ", StringComparison.Ordinal) ? tokens.NodeOf(header[7..].Trim()) : null;
        if (owner is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiErrors.Status(401, "Unauthorized", "a valid agent bearer token is required (Authorization: Bearer <token of this node>)");
        }
        var node = http.GetRouteValue("node") as string;
        if (owner != node) return ApiErrors.Status(403, "Forbidden", $"this token belongs to node {owner}; it cannot act for node {node}");
        return await next(context);
    }

    private static async Task<IResult> RegisterAsync(string node, HttpContext http, ControlPlane plane, CancellationToken ct)
    {
        var (registration, error) = await ReadAsync<NodeRegistration>(http, RegistrationLimit, r => r.ProtocolVersion, ct);
        if (registration is null) return error!;
        await plane.Nodes.RegisterAsync(NodeHeartbeat.From(node, registration), ct);
        return Results.Json(Accepted, AgentProtocol.Json);
    }

    private static async Task<IResult> DesiredAsync(string node, int? waitSeconds, HttpContext http, ControlPlane plane, CancellationToken ct)
    {
        var wait = waitSeconds ?? Accepted.LongPollSeconds;
        if (wait is < 0 or > 60) return ApiErrors.BadRequest("waitSeconds must be between 0 and 60");
        var etag = http.Request.Headers.IfNoneMatch.ToString();
        var changed = await plane.Agents.WaitForChangeAsync(node, etag.Length == 0 ? null : etag, TimeSpan.FromSeconds(wait), ct);
        if (changed is not { } found) return Results.StatusCode(StatusCodes.Status304NotModified);
        http.Response.Headers.ETag = found.ETag;
        return Results.Json(found.Document, AgentProtocol.Json);
    }

    private static async Task<IResult> ReportAsync(string node, HttpContext http, ControlPlane plane, IResourceStore store, CancellationToken ct)
    {
        var (report, error) = await ReadAsync<NodeReport>(http, ReportLimit, r => r.ProtocolVersion, ct);
        if (report is null) return error!;
        if (await store.GetAsync(new ResourceKey(nameof(HypervisorNode), null, node), ct) is not HypervisorNode registered)
            return ApiErrors.NotFound($"node {node} is not registered: POST {AgentProtocol.BasePath}/nodes/{node}/registration first");
        try
        {
            await plane.ReportAsync(registered, report, ct);
        }
        catch (LedgerException e)
        {
            // The usage it confirms is not durable: refuse the report, the agent sends another.
            return ApiErrors.Status(503, "ServiceUnavailable", $"billing cannot record this report: {e.Message}");
        }
        return Results.NoContent();
    }

    // The body, capped before it is read, in the protocol's strict JSON and version.
    private static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpContext http, long limit, Func<T, int> version, CancellationToken ct)
        where T : class
    {
        if (http.Request.ContentLength > limit) return (null, TooLarge(limit));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, AgentProtocol.Json, ct);
            if (body is null) return (null, ApiErrors.BadRequest("the body is empty; send a JSON object"));
            if (version(body) != AgentProtocol.Version)
                return (null, ApiErrors.BadRequest($"protocol version {version(body)} is not spoken here; this operator speaks {AgentProtocol.Version}"));
            return (body, null);
        }
        catch (JsonException e)
        {
            return (null, ApiErrors.BadRequest($"malformed {typeof(T).Name}: {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
    }

    private static IResult TooLarge(long limit) =>
        ApiErrors.Status(413, "RequestEntityTooLarge", $"the body is larger than the {limit / 1024} KiB this endpoint accepts");
}
