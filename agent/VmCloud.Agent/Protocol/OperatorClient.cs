using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using VmCloud.Agent.Metrics;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Protocol;

/// <summary>
/// One node's side of the agent protocol (docs/agent-protocol.md) over a shared
/// <see cref="HttpClient"/>: register, long-poll the desired document, put reports. Every request
/// carries the node's bearer token and has its own deadline; every failure is an
/// <see cref="OperatorException"/> saying how to react. Retrying is the caller's job.
/// </summary>
public sealed class OperatorClient
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient http;
    private readonly Uri nodeUri;
    private readonly AuthenticationHeaderValue authorization;
    private readonly TimeProvider time;
    private readonly AgentMetrics? metrics;

    /// <summary>A client for <paramref name="node"/> on the operator at <paramref name="operatorUrl"/>.</summary>
    public OperatorClient(HttpClient http, Uri operatorUrl, string node, string token, TimeProvider time, AgentMetrics? metrics = null)
    {
        this.http = http;
        this.time = time;
        this.metrics = metrics;
        Node = node;
        var root = operatorUrl.AbsoluteUri.TrimEnd('/');
        nodeUri = new Uri($"{root}{AgentProtocol.BasePath}/nodes/{Uri.EscapeDataString(node)}/");
        authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The node this client speaks for.</summary>
    public string Node { get; }

    /// <summary>Registers the node; safe to repeat.</summary>
    public async Task<RegistrationAccepted> RegisterAsync(NodeRegistration registration, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("register", HttpMethod.Post, "registration", registration, null, RequestTimeout, cancellationToken);
        var accepted = await ReadAsync<RegistrationAccepted>(response, cancellationToken);
        if (accepted.ProtocolVersion != AgentProtocol.Version)
            throw new OperatorException(OperatorFailure.BadAnswer, $"the operator speaks protocol {accepted.ProtocolVersion}, this agent {AgentProtocol.Version}");
        return accepted;
    }

    /// <summary>Long-polls the desired document: returns at once when it differs from <paramref name="etag"/>, else after up to <paramref name="waitSeconds"/> with no document.</summary>
    public async Task<DesiredPoll> PollDesiredAsync(string? etag, int waitSeconds, CancellationToken cancellationToken)
    {
        var wait = Math.Clamp(waitSeconds, 0, 60);
        var path = string.Create(CultureInfo.InvariantCulture, $"desired?waitSeconds={wait}");
        using var response = await SendAsync("desired", HttpMethod.Get, path, null, etag, RequestTimeout + TimeSpan.FromSeconds(wait), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified) return new DesiredPoll(null, etag);
        var document = await ReadAsync<DesiredDocument>(response, cancellationToken);
        if (document.ProtocolVersion != AgentProtocol.Version || document.Node != Node)
            throw new OperatorException(OperatorFailure.BadAnswer,
                $"the operator sent a document for node {document.Node} in protocol {document.ProtocolVersion}; expected node {Node}, protocol {AgentProtocol.Version}");
        return new DesiredPoll(document, response.Headers.ETag?.Tag ?? $"\"{document.Revision}\"");
    }

    /// <summary>Puts a heartbeat with the node's actual state.</summary>
    public async Task ReportAsync(NodeReport report, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("report", HttpMethod.Put, "report", report, null, RequestTimeout, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, HttpMethod method, string path, object? body, string? etag, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(nodeUri, path));
        request.Headers.Authorization = authorization;
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (body is not null)
        {
            // Serialized up front so the request has a Content-Length the operator can cap before reading.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), AgentProtocol.Json));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = Stopwatch.GetTimestamp();
        var outcome = "unreachable";
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified) return response;
            using (response) throw await FailureAsync(operation, response, linked.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OperatorException(OperatorFailure.Unreachable, $"{operation}: no answer from {nodeUri.GetLeftPart(UriPartial.Authority)} within {timeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new OperatorException(OperatorFailure.Unreachable, $"{operation}: {nodeUri.GetLeftPart(UriPartial.Authority)} is unreachable: {Innermost(e)}", e);
        }
        finally
        {
            metrics?.RequestDone(operation, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task<OperatorException> FailureAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        var message = await StatusMessageAsync(response, cancellationToken);
        var failure = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => OperatorFailure.Unauthorized,
            HttpStatusCode.Forbidden => OperatorFailure.Forbidden,
            HttpStatusCode.NotFound when operation == "report" => OperatorFailure.NotRegistered,
            _ when code >= 500 => OperatorFailure.ServerError,
            _ => OperatorFailure.Refused,
        };
        return new OperatorException(failure, $"{operation}: the operator answered {code}{(message is null ? "" : ": " + message)}");
    }

    // Errors are Kubernetes Status objects; their message is what a person needs to read.
    private static async Task<string?> StatusMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(AgentProtocol.Json, cancellationToken)
                ?? throw new OperatorException(OperatorFailure.BadAnswer, $"the operator answered null for a {typeof(T).Name}");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new OperatorException(OperatorFailure.BadAnswer, $"the operator's {typeof(T).Name} is not valid: {e.Message}", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new OperatorException(OperatorFailure.Unreachable, $"the connection broke while reading the {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }
}
