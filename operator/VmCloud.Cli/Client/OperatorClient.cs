using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmCloud.Cli.Client;

/// <summary>
/// GETs JSON from the operator's API. Every failure becomes an <see cref="ApiResult.Failed"/> carrying
/// the API's own message (its errors are Kubernetes <c>Status</c> objects), so commands only print it.
/// </summary>
internal sealed class OperatorClient(Uri server) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    // A host that drops packets would otherwise hold vmcl for the whole request timeout.
    private readonly HttpClient http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = RequestTimeout };

    /// <summary>The server as the user gave it, without a trailing slash.</summary>
    public string Server { get; } = server.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>The JSON at <paramref name="pathAndQuery"/> (e.g. <c>/apis/vmcloud.io/v1alpha1/tenants</c>).</summary>
    public async Task<ApiResult> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(Server + pathAndQuery), cancellationToken);
            var body = Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (response.IsSuccessStatusCode)
                return body is null
                    ? new ApiResult.Failed(Vmcl.UsageError, $"{Server} answered {pathAndQuery} with something other than JSON; is it the VmCloud operator?")
                    : new ApiResult.Found(body);
            var message = body?["message"] is JsonValue text && text.GetValueKind() == JsonValueKind.String
                ? text.GetValue<string>()
                : $"{Server}{pathAndQuery}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            return new ApiResult.Failed(response.StatusCode == HttpStatusCode.NotFound ? Vmcl.Invalid : Vmcl.UsageError, message);
        }
        catch (HttpRequestException e)
        {
            return Unreachable(e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unreachable($"no answer within {RequestTimeout.TotalSeconds:0}s");
        }
    }

    public void Dispose() => http.Dispose();

    private ApiResult.Failed Unreachable(string reason) =>
        new(Vmcl.UsageError, $"cannot reach the operator at {Server}: {reason}; start it or pass --server");

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
