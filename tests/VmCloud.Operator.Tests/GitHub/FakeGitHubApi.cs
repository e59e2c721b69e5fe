using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>
/// The parts of GitHub's REST API that VmCloud calls, in memory on a loopback Kestrel under a
/// GitHub Enterprise style base path (<c>/api/v3</c>): issue comments (paginated like GitHub's,
/// with Link headers), comment edits and commit statuses. Every request is recorded; failures
/// can be queued ahead of the real answers.
/// </summary>
internal sealed class FakeGitHubApi : IAsyncDisposable
{
    public const string Bot = "vmcloud-bot";
    private readonly Lock gate = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly List<FakeComment> comments = [];
    private readonly List<FakeStatus> statuses = [];
    private readonly HashSet<string> repositories = new(StringComparer.Ordinal);
    private readonly Queue<(int Status, string? RetryAfter, bool EchoAuthorization)> failures = new();
    private readonly string token;
    private WebApplication? app;
    private long nextId = 1000;

    private FakeGitHubApi(string token) => this.token = token;

    /// <summary>The base URL to give the client.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When set, Link headers point at this origin instead of the API's own.</summary>
    public string? LinkOrigin { get; set; }

    public IReadOnlyList<RecordedRequest> Requests { get { lock (gate) return [.. requests]; } }

    public static async Task<FakeGitHubApi> StartAsync(string token, params string[] repositories)
    {
        var fake = new FakeGitHubApi(token);
        fake.repositories.UnionWith(repositories);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(fake.RecordAndGuardAsync);
        var api = app.MapGroup("/api/v3/repos/{owner}/{repo}");
        api.MapGet("/issues/{number:int}/comments", fake.ListComments);
        api.MapPost("/issues/{number:int}/comments", fake.CreateCommentAsync);
        api.MapMethods("/issues/comments/{id:long}", ["PATCH"], fake.UpdateCommentAsync);
        api.MapPost("/statuses/{sha}", fake.SetStatusAsync);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        (fake.app, fake.BaseUrl) = (app, new Uri(address + "/api/v3"));
        return fake;
    }

    /// <summary>Comments that exist before the test, as another user wrote them.</summary>
    public void Seed(string repository, int number, int count, string user = "octocat", Func<int, string>? body = null)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++) comments.Add(new FakeComment(nextId++, repository, number, user, body?.Invoke(i) ?? $"Looks good {i}"));
        }
    }

    /// <summary>The next request gets this status (with GitHub's error body) instead of its answer; echoing the Authorization header plays a leaky proxy.</summary>
    public void FailNext(int status, string? retryAfter = null, bool echoAuthorization = false)
    {
        lock (gate) failures.Enqueue((status, retryAfter, echoAuthorization));
    }

    public IReadOnlyList<FakeComment> Comments(string repository, int number)
    {
        lock (gate) return [.. comments.Where(c => c.Repository == repository && c.Number == number)];
    }

    public IReadOnlyList<FakeStatus> Statuses(string repository, string sha)
    {
        lock (gate) return [.. statuses.Where(s => s.Repository == repository && s.Sha == sha)];
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not { } running) return;
        app = null;
        await running.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await running.DisposeAsync();
    }

    private async Task RecordAndGuardAsync(HttpContext http, Func<Task> next)
    {
        var request = http.Request;
        request.EnableBuffering();
        var body = await new StreamReader(request.Body).ReadToEndAsync(http.RequestAborted);
        request.Body.Position = 0;
        (int Status, string? RetryAfter, bool Echo)? failure;
        lock (gate)
        {
            requests.Add(new RecordedRequest(request.Method, request.Path + request.QueryString,
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            failure = failures.Count > 0 ? failures.Dequeue() : null;
        }
        if (failure is { } f)
        {
            if (f.RetryAfter is not null) http.Response.Headers.RetryAfter = f.RetryAfter;
            await Error(f.Status, f.Echo ? $"upstream refused {request.Headers.Authorization}" : "Server Error").ExecuteAsync(http);
            return;
        }
        if (request.Headers.Authorization != $"Bearer {token}")
        {
            await Error(401, "Bad credentials").ExecuteAsync(http);
            return;
        }
        var repository = $"{http.GetRouteValue("owner")}/{http.GetRouteValue("repo")}";
        if (http.GetRouteValue("owner") is not null && !repositories.Contains(repository))
        {
            await Error(404, "Not Found").ExecuteAsync(http);
            return;
        }
        await next();
    }

    private IResult ListComments(HttpContext http, string owner, string repo, int number, int? per_page, int? page)
    {
        var (size, index) = (Math.Clamp(per_page ?? 30, 1, 100), Math.Max(page ?? 1, 1));
        var all = Comments($"{owner}/{repo}", number);
        var last = Math.Max(1, (all.Count + size - 1) / size);
        var origin = LinkOrigin ?? $"{http.Request.Scheme}://{http.Request.Host}";
        string Link(int p, string rel) => $"<{origin}{http.Request.Path}?per_page={size}&page={p}>; rel=\"{rel}\"";
        var links = new List<string>();
        if (index > 1) links.Add(Link(index - 1, "prev"));
        if (index < last) links.AddRange([Link(index + 1, "next"), Link(last, "last")]);
        if (links.Count > 0) http.Response.Headers.Link = string.Join(", ", links);
        return Results.Json(all.Skip((index - 1) * size).Take(size).Select(Json));
    }

    private async Task<IResult> CreateCommentAsync(HttpContext http, string owner, string repo, int number)
    {
        var body = await BodyTextAsync(http);
        FakeComment comment;
        lock (gate) comments.Add(comment = new FakeComment(nextId++, $"{owner}/{repo}", number, Bot, body));
        return Results.Json(Json(comment), statusCode: 201);
    }

    private async Task<IResult> UpdateCommentAsync(HttpContext http, string owner, string repo, long id)
    {
        var body = await BodyTextAsync(http);
        lock (gate)
        {
            var at = comments.FindIndex(c => c.Id == id && c.Repository == $"{owner}/{repo}");
            if (at < 0) return Error(404, "Not Found");
            comments[at] = comments[at] with { Body = body };
            return Results.Json(Json(comments[at]));
        }
    }

    private async Task<IResult> SetStatusAsync(HttpContext http, string owner, string repo, string sha)
    {
        var json = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var status = new FakeStatus($"{owner}/{repo}", sha, (string)json!["state"]!, (string)json["context"]!,
            (string?)json["description"], (string?)json["target_url"]);
        lock (gate) statuses.Add(status);
        return Results.Json(new { id = 1, state = status.State, context = status.Context }, statusCode: 201);
    }

    private static async Task<string> BodyTextAsync(HttpContext http) =>
        (string)(await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))!["body"]!;

    private static object Json(FakeComment c) => new { id = c.Id, body = c.Body, user = new { login = c.User } };

    private static IResult Error(int status, string message) => Results.Json(
        new { message, documentation_url = "https://docs.github.com/rest" }, statusCode: status);
}

/// <summary>One request as the fake received it.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>An issue comment.</summary>
internal sealed record FakeComment(long Id, string Repository, int Number, string User, string Body);

/// <summary>A commit status as posted.</summary>
internal sealed record FakeStatus(string Repository, string Sha, string State, string Context, string? Description, string? TargetUrl);
