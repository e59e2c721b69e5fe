using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Tests.Fakes;

/// <summary>
/// A loopback Kestrel server that plays the operator's side of the agent protocol: bearer tokens
/// per node (401 unknown, 403 another node's), registrations, the desired document with ETag and
/// a real long-poll (304 after the wait), and reports (404 before registering). It records what
/// agents send so tests can wait on it.
/// </summary>
internal sealed class FakeOperator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Dictionary<string, string> tokens;
    private readonly Lock gate = new();
    private readonly Dictionary<string, DesiredDocument> documents = [];
    private readonly Dictionary<string, TaskCompletionSource> changed = [];
    private readonly HashSet<string> registered = [];
    private readonly List<(string Node, NodeRegistration Registration)> registrations = [];
    private readonly List<(string Node, NodeReport Report)> reports = [];
    private long revision = 100;

    private FakeOperator(WebApplication app, Dictionary<string, string> tokens)
    {
        this.app = app;
        this.tokens = tokens;
    }

    public Uri Url { get; private set; } = null!;

    public int HeartbeatSeconds { get; set; } = 1;

    public int LongPollSeconds { get; set; } = 2;

    /// <summary>While set, every request gets this status (e.g. 503) without being handled.</summary>
    public int? Outage { get; set; }

    public int DesiredRequests { get; private set; }

    /// <summary>Starts on a free loopback port; with a certificate, over HTTPS.</summary>
    public static async Task<FakeOperator> StartAsync(IReadOnlyDictionary<string, string> tokensByNode, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        var fake = new FakeOperator(app, tokensByNode.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal));
        fake.Map();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return fake;
    }

    /// <summary>Publishes a new document for its node, with a new revision; returns that revision.</summary>
    public long Publish(DesiredDocument document)
    {
        lock (gate)
        {
            documents[document.Node] = document with { Revision = ++revision };
            if (changed.Remove(document.Node, out var waiting)) waiting.TrySetResult();
            return revision;
        }
    }

    public void ForgetRegistrations()
    {
        lock (gate) registered.Clear();
    }

    public IReadOnlyList<NodeRegistration> RegistrationsOf(string node)
    {
        lock (gate) return [.. registrations.Where(r => r.Node == node).Select(r => r.Registration)];
    }

    public IReadOnlyList<NodeReport> ReportsOf(string node)
    {
        lock (gate) return [.. reports.Where(r => r.Node == node).Select(r => r.Report)];
    }

    public NodeReport? LastReportOf(string node)
    {
        lock (gate) return reports.LastOrDefault(r => r.Node == node).Report;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void Map()
    {
        var nodes = app.MapGroup(AgentProtocol.BasePath + "/nodes/{node}");
        nodes.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (Outage is { } status) return Results.StatusCode(status);
            var header = http.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : "";
            if (!tokens.TryGetValue(token, out var owner)) return Failure(401, "Unauthorized", "missing or unknown token");
            if (owner != (string)http.Request.RouteValues["node"]!) return Failure(403, "Forbidden", "this token is for another node");
            return await next(context);
        });
        nodes.MapPost("/registration", async (string node, HttpRequest request) =>
        {
            var registration = await JsonSerializer.DeserializeAsync<NodeRegistration>(request.Body, AgentProtocol.Json);
            if (registration is null || registration.ProtocolVersion != AgentProtocol.Version) return Failure(400, "BadRequest", "protocolVersion must be 1");
            lock (gate)
            {
                registrations.Add((node, registration));
                registered.Add(node);
            }
            return Results.Json(new RegistrationAccepted(AgentProtocol.Version, HeartbeatSeconds, LongPollSeconds), AgentProtocol.Json);
        });
        nodes.MapGet("/desired", (string node, HttpContext context, int? waitSeconds) => DesiredAsync(node, context, waitSeconds ?? LongPollSeconds));
        nodes.MapPut("/report", async (string node, HttpRequest request) =>
        {
            var report = await JsonSerializer.DeserializeAsync<NodeReport>(request.Body, AgentProtocol.Json);
            lock (gate)
            {
                if (!registered.Contains(node)) return Failure(404, "NotFound", $"node {node} is not registered; register first");
                reports.Add((node, report!));
            }
            return Results.NoContent();
        });
    }

    private async Task<IResult> DesiredAsync(string node, HttpContext context, int waitSeconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(Math.Clamp(waitSeconds, 0, 60));
        while (true)
        {
            Task change;
            lock (gate)
            {
                DesiredRequests++;
                var document = documents.GetValueOrDefault(node) ?? new DesiredDocument(AgentProtocol.Version, node, 1, [], [], []);
                var tag = $"\"{document.Revision}\"";
                if (context.Request.Headers.IfNoneMatch.ToString() != tag)
                {
                    context.Response.Headers.ETag = tag;
                    return Results.Json(document, AgentProtocol.Json);
                }

                change = (changed.TryGetValue(node, out var waiting) ? waiting : changed[node] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(change, Task.Delay(left, context.RequestAborted)) != change) return Results.StatusCode(304);
        }
    }

    private static IResult Failure(int code, string reason, string message) =>
        Results.Json(new { kind = "Status", apiVersion = "v1", status = "Failure", message, reason, code }, statusCode: code);
}
