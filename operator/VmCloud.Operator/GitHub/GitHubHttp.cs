using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace VmCloud.Operator.GitHub;

/// <summary>
/// One GitHub REST call: the headers GitHub wants, the token, and failures turned into
/// <see cref="GitHubException"/> with the token scrubbed from anything that could carry it.
/// </summary>
internal sealed partial class GitHubHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient http;
    private readonly Uri root;
    private readonly string token;
    private readonly string userAgent;
    private readonly TimeProvider time;

    public GitHubHttp(HttpClient http, Uri apiBaseUrl, string token, string userAgent, TimeProvider time)
    {
        if (!apiBaseUrl.IsAbsoluteUri || apiBaseUrl.Scheme is not ("https" or "http"))
            throw new ArgumentException($"{apiBaseUrl}: the GitHub API URL must be absolute http(s), e.g. https://api.github.com or https://ghe.example.com/api/v3", nameof(apiBaseUrl));
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        (this.http, this.token, this.userAgent, this.time) = (http, token, userAgent, time);
        // A trailing slash, so relative paths land under a GitHub Enterprise base such as /api/v3.
        root = new Uri(apiBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    /// <summary>A URL under the API's base.</summary>
    public Uri Api(string relative) => new(root, relative);

    /// <summary>The successful answer, its content read; any other answer or a network failure throws.</summary>
    /// <exception cref="GitHubException">Not 2xx, unreachable or timed out.</exception>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubException($"GitHub {method} {uri.AbsolutePath}: {Redact(e.Message)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitHubException($"GitHub {method} {uri.AbsolutePath}: no answer within {http.Timeout.TotalSeconds:0}s");
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ErrorAsync(method, uri, response, cancellationToken);
    }

    /// <summary>The <c>rel="next"</c> page of a paginated answer; null on the last page.</summary>
    /// <exception cref="GitHubException">The link leads off the API's host: the token would go with it.</exception>
    public Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        var match = NextLink().Match(string.Join(',', links));
        if (!match.Success) return null;
        if (!Uri.TryCreate(match.Groups[1].Value, UriKind.Absolute, out var next)
            || Uri.Compare(next, root, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0
            || !next.AbsolutePath.StartsWith(root.AbsolutePath, StringComparison.Ordinal))
            throw new GitHubException($"GitHub {response.RequestMessage?.RequestUri?.AbsolutePath}: the next page is not under {root}; not following it with the token", transient: false);
        return next;
    }

    private async Task<GitHubException> ErrorAsync(HttpMethod method, Uri uri, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var message = Redact(GitHubMessage(await response.Content.ReadAsStringAsync(cancellationToken)) ?? response.ReasonPhrase ?? "");
        return new GitHubException($"GitHub {method} {uri.AbsolutePath}: {status} {message}".TrimEnd(), status, message, RetryAfter(response));
    }

    private static string? GitHubMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Retry-After first; a spent rate limit says when it resets instead (x-ratelimit-reset, in Unix seconds).
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var now = time.GetUtcNow();
        if (response.Headers.RetryAfter is { } retryAfter)
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? Max0(date - now) : null);
        if (response.Headers.TryGetValues("x-ratelimit-remaining", out var remaining) && remaining.FirstOrDefault() == "0"
            && response.Headers.TryGetValues("x-ratelimit-reset", out var reset)
            && long.TryParse(reset.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return Max0(DateTimeOffset.FromUnixTimeSeconds(seconds) - now);
        return null;
    }

    private static TimeSpan Max0(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

    // GitHub has no reason to echo the token, but a proxy's error page might: scrub it from anything kept.
    private string Redact(string text) => text.Replace(token, "***", StringComparison.Ordinal);

    [GeneratedRegex("""<([^>]+)>\s*;\s*rel="?next"?""")]
    private static partial Regex NextLink();
}
