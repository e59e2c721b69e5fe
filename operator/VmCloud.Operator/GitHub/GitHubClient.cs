using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace VmCloud.Operator.GitHub;

/// <summary>
/// GitHub's REST API for pull request feedback, on github.com (<c>https://api.github.com</c>) or
/// GitHub Enterprise (<c>https://HOST/api/v3</c>). Network failures, 5xx and 429 are retried with
/// backoff, honouring Retry-After; other 4xx are not, they would answer the same. Each call retries
/// as a whole: a comment whose creation failed mid-way is looked for again before being posted.
/// </summary>
public sealed partial class GitHubClient : IGitHubClient
{
    // GitHub refuses comment bodies over 65,536 characters; the rest of a huge plan is for vmcl.
    private const int MaxCommentLength = 65_000;
    private const int MaxDescriptionLength = 140;

    private readonly GitHubHttp http;
    private readonly GitHubClientOptions options;
    private readonly ResiliencePipeline retry;
    private readonly ILogger<GitHubClient> logger;

    /// <summary>A client of the API at <paramref name="apiBaseUrl"/>, acting with <paramref name="token"/>.</summary>
    /// <param name="http">Sends the requests; its lifetime is the caller's.</param>
    /// <param name="apiBaseUrl"><c>https://api.github.com</c>, or <c>https://HOST/api/v3</c> for GitHub Enterprise.</param>
    /// <param name="token">A token that may write issue comments and commit statuses; see <see cref="LoadToken"/>.</param>
    /// <param name="logger">Retries and writes; never the token.</param>
    /// <param name="time">Times the retries.</param>
    /// <param name="options">Retries and limits; the defaults when null.</param>
    public GitHubClient(HttpClient http, Uri apiBaseUrl, string token, ILogger<GitHubClient> logger, TimeProvider time, GitHubClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        this.options = options ?? new GitHubClientOptions();
        this.options.Validate();
        this.http = new GitHubHttp(http, apiBaseUrl, token, this.options.UserAgent, time);
        this.logger = logger;
        retry = RetryPipeline(this.options, time);
    }

    /// <summary>
    /// The token in <paramref name="path"/> (one line), or null and what to do: a missing, empty or
    /// world-readable file is refused, like the agent's token file.
    /// </summary>
    public static (string? Token, string? Error) LoadToken(string path)
    {
        var (token, error) = SecretFile.Read(path, "GitHub token");
        if (token is null) return (null, error);
        token = token.Trim();
        return token.Any(char.IsWhiteSpace) ? (null, $"{path}: the file must hold one GitHub token on one line") : (token, null);
    }

    /// <inheritdoc/>
    public Task UpsertCommentAsync(string repository, int number, string marker, string markdown, CancellationToken cancellationToken)
    {
        CheckRepository(repository);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        ArgumentException.ThrowIfNullOrWhiteSpace(marker);
        ArgumentNullException.ThrowIfNull(markdown);
        var body = CommentBody(marker, markdown);
        return retry.ExecuteAsync(async ct =>
        {
            var existing = await FindCommentAsync(repository, number, marker, ct);
            if (existing is { } id)
            {
                using var _ = await http.SendAsync(HttpMethod.Patch, http.Api($"repos/{repository}/issues/comments/{id}"), new CommentRequest(body), ct);
                LogCommentUpdated(repository, number, id);
                return;
            }
            using var created = await http.SendAsync(HttpMethod.Post, http.Api($"repos/{repository}/issues/{number}/comments"), new CommentRequest(body), ct);
            LogCommentCreated(repository, number, (await created.Content.ReadFromJsonAsync<IssueComment>(GitHubHttp.Json, ct))?.Id ?? 0);
        }, cancellationToken).AsTask();
    }

    /// <inheritdoc/>
    public Task SetCommitStatusAsync(string repository, string sha, CommitState state, string description, string context, string? targetUrl,
        CancellationToken cancellationToken)
    {
        CheckRepository(repository);
        if (!CommitPattern().IsMatch(sha)) throw new ArgumentException($"{sha}: not a full commit id", nameof(sha));
        ArgumentException.ThrowIfNullOrWhiteSpace(context);
        if (targetUrl is not null && !(Uri.TryCreate(targetUrl, UriKind.Absolute, out var target) && target.Scheme is "https" or "http"))
            throw new ArgumentException($"{targetUrl}: not an http(s) URL", nameof(targetUrl));
        var request = new StatusRequest(state.ToString().ToLowerInvariant(), targetUrl, Truncate(description ?? "", MaxDescriptionLength), context);
        return retry.ExecuteAsync(async ct =>
        {
            using var _ = await http.SendAsync(HttpMethod.Post, http.Api($"repos/{repository}/statuses/{sha}"), request, ct);
            LogStatusSet(repository, sha, request.State, context);
        }, cancellationToken).AsTask();
    }

    // Ours is the comment that starts with the marker: one that quotes it further down is a person's.
    private async Task<long?> FindCommentAsync(string repository, int number, string marker, CancellationToken cancellationToken)
    {
        var page = http.Api($"repos/{repository}/issues/{number}/comments?per_page=100");
        for (var pages = 0; page is not null; pages++)
        {
            if (pages == options.MaxCommentPages)
                throw new GitHubException($"GitHub {repository}#{number}: more than {options.MaxCommentPages * 100} comments; not looking further for the plan comment", transient: false);
            using var response = await http.SendAsync(HttpMethod.Get, page, null, cancellationToken);
            var comments = await response.Content.ReadFromJsonAsync<IssueComment[]>(GitHubHttp.Json, cancellationToken) ?? [];
            if (comments.FirstOrDefault(c => c.Body?.TrimStart().StartsWith(marker, StringComparison.Ordinal) == true) is { } ours) return ours.Id;
            page = http.NextPage(response);
        }
        return null;
    }

    private static string CommentBody(string marker, string markdown)
    {
        var body = markdown.StartsWith(marker, StringComparison.Ordinal) ? markdown : marker + "\n" + markdown;
        return body.Length <= MaxCommentLength ? body
            : Truncate(body, MaxCommentLength) + "\n\n*The plan is longer than a GitHub comment holds; run `vmcl plan` for all of it.*";
    }

    // Cut to length without splitting a surrogate pair, marked with an ellipsis.
    private static string Truncate(string text, int length)
    {
        if (text.Length <= length) return text;
        var cut = length - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut] + "…";
    }

    private static void CheckRepository(string repository)
    {
        if (repository is null || !RepositoryPattern().IsMatch(repository))
            throw new ArgumentException($"{repository}: expected owner/name", nameof(repository));
    }

    private ResiliencePipeline RetryPipeline(GitHubClientOptions options, TimeProvider time)
    {
        if (options.MaxRetries == 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<GitHubException>(e => e.IsTransient && !(e.RetryAfter > options.MaxRetryAfter)),
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is GitHubException { RetryAfter: { } after } ? after : (TimeSpan?)null),
            OnRetry = args =>
            {
                LogRetrying(args.Outcome.Exception?.Message ?? "", args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay);
                return default;
            },
        }).Build();
    }

    [GeneratedRegex(@"^(?!.*\.\.)[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}\z")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^(?:[0-9a-f]{40}|[0-9a-f]{64})\z")]
    private static partial Regex CommitPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failure}; retry {Attempt} of {MaxRetries} in {Delay}")]
    private partial void LogRetrying(string failure, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub: posted the plan comment {Id} on {Repository}#{Number}")]
    private partial void LogCommentCreated(string repository, int number, long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub: updated the plan comment {Id} on {Repository}#{Number}")]
    private partial void LogCommentUpdated(string repository, int number, long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub: set {Context} to {State} on {Sha} of {Repository}")]
    private partial void LogStatusSet(string repository, string sha, string state, string context);

    private sealed record IssueComment(long Id, string? Body);

    private sealed record CommentRequest(string Body);

    private sealed record StatusRequest(string State, string? TargetUrl, string Description, string Context);
}
