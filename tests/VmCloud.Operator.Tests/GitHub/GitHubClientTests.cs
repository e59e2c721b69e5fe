using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>
/// The GitHub client against a fake GitHub API on loopback: one plan comment per pull request,
/// edited in place; commit statuses; GitHub's headers; retries of 5xx and 429 only; and the token
/// in no error and no log line.
/// </summary>
public sealed class GitHubClientTests : IAsyncLifetime, IDisposable
{
    private const string Repository = "acme/fleet";
    private const string Marker = "<!-- vmcloud-plan -->";
    private const string Sha = "2222222222222222222222222222222222222222";
    private readonly string token = "ghp_" + Guid.NewGuid().ToString("N");
    private readonly RecordingLoggerProvider logs = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private FakeGitHubApi? fake;
    private ILoggerFactory? loggers;
    private GitHubClient? client;

    private FakeGitHubApi GitHub => fake!;

    private GitHubClient Client => client!;

    public async Task InitializeAsync()
    {
        fake = await FakeGitHubApi.StartAsync(token, Repository);
        loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        client = new GitHubClient(http, GitHub.BaseUrl, token, loggers.CreateLogger<GitHubClient>(), TimeProvider.System,
            new GitHubClientOptions { RetryDelay = TimeSpan.FromMilliseconds(10) });
    }

    public async Task DisposeAsync()
    {
        // Whatever a test did, no line of the client's log may hold the token.
        Assert.DoesNotContain(logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
        if (fake is not null) await fake.DisposeAsync();
    }

    public void Dispose()
    {
        http.Dispose();
        loggers?.Dispose();
        logs.Dispose();
    }

    [Fact]
    public async Task UpsertComment_CreatesTheComment_ThenEditsThatOneInPlace()
    {
        await Client.UpsertCommentAsync(Repository, 7, Marker, "### plan one", CancellationToken.None);
        await Client.UpsertCommentAsync(Repository, 7, Marker, "### plan two", CancellationToken.None);

        var comment = Assert.Single(GitHub.Comments(Repository, 7));
        Assert.Equal($"{Marker}\n### plan two", comment.Body);
        Assert.Equal(FakeGitHubApi.Bot, comment.User);
        Assert.Equal(["GET", "POST", "GET", "PATCH"], GitHub.Requests.Select(r => r.Method));
        Assert.Equal($"/api/v3/repos/{Repository}/issues/comments/{comment.Id}", GitHub.Requests[^1].PathAndQuery);
        Assert.Contains(logs.Lines, l => l.Contains($"updated the plan comment {comment.Id} on {Repository}#7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpsertComment_FollowsThePages_ToFindItsComment()
    {
        GitHub.Seed(Repository, 7, 230);
        await Client.UpsertCommentAsync(Repository, 7, Marker, "### plan one", CancellationToken.None);
        GitHub.Seed(Repository, 7, 20);

        await Client.UpsertCommentAsync(Repository, 7, Marker, "### plan two", CancellationToken.None);

        var ours = Assert.Single(GitHub.Comments(Repository, 7), c => c.Body.Contains(Marker, StringComparison.Ordinal));
        Assert.Equal($"{Marker}\n### plan two", ours.Body);
        Assert.Equal(251, GitHub.Comments(Repository, 7).Count);
        var pages = GitHub.Requests.Where(r => r.Method == "GET").Select(r => r.PathAndQuery).ToList();
        Assert.Equal(6, pages.Count);
        Assert.Contains(pages, p => p.EndsWith("per_page=100&page=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpsertComment_LeavesAPersonsCommentThatQuotesTheMarker()
    {
        GitHub.Seed(Repository, 7, 1, body: _ => $"> {Marker}\n> the plan said no; why?");

        await Client.UpsertCommentAsync(Repository, 7, Marker, "### plan", CancellationToken.None);

        Assert.Equal([$"> {Marker}\n> the plan said no; why?", $"{Marker}\n### plan"], GitHub.Comments(Repository, 7).Select(c => c.Body));
    }

    [Fact]
    public async Task UpsertComment_CutsAPlanLongerThanGitHubAccepts()
    {
        await Client.UpsertCommentAsync(Repository, 7, Marker, new string('x', 100_000), CancellationToken.None);

        var body = Assert.Single(GitHub.Comments(Repository, 7)).Body;
        Assert.InRange(body.Length, 60_000, 65_536);
        Assert.EndsWith("run `vmcl plan` for all of it.*", body);
    }

    [Fact]
    public async Task SetCommitStatus_PostsTheStateContextAndDescription_CutTo140Characters()
    {
        var description = "3 quota or policy violation(s), 1 object(s) do not fit; " + new string('.', 200);

        await Client.SetCommitStatusAsync(Repository, Sha, CommitState.Failure, description, "vmcloud/plan", "https://vmcloud.example/plans/7", CancellationToken.None);
        await Client.SetCommitStatusAsync(Repository, Sha, CommitState.Success, "valid, within quotas, fits the fleet", "vmcloud/plan", null, CancellationToken.None);

        var (failure, success) = (GitHub.Statuses(Repository, Sha)[0], GitHub.Statuses(Repository, Sha)[1]);
        Assert.Equal(("failure", "vmcloud/plan", "https://vmcloud.example/plans/7"), (failure.State, failure.Context, failure.TargetUrl));
        Assert.Equal(140, failure.Description!.Length);
        Assert.StartsWith("3 quota or policy violation(s)", failure.Description);
        Assert.EndsWith("…", failure.Description);
        Assert.Equal(("success", "valid, within quotas, fits the fleet", null), (success.State, success.Description, success.TargetUrl));
        Assert.DoesNotContain("target_url", GitHub.Requests[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRequest_CarriesTheToken_AndGitHubsHeaders()
    {
        await Client.UpsertCommentAsync(Repository, 7, Marker, "### plan", CancellationToken.None);
        await Client.SetCommitStatusAsync(Repository, Sha, CommitState.Pending, "planning", "vmcloud/plan", null, CancellationToken.None);

        Assert.Equal(3, GitHub.Requests.Count);
        Assert.All(GitHub.Requests, r =>
        {
            Assert.Equal($"Bearer {token}", r.Headers["Authorization"]);
            Assert.Equal("application/vnd.github+json", r.Headers["Accept"]);
            Assert.Equal("2022-11-28", r.Headers["X-GitHub-Api-Version"]);
            Assert.Equal("vmcloud-operator", r.Headers["User-Agent"]);
        });
    }

    [Fact]
    public async Task ServerError_IsRetried_UntilGitHubAnswers()
    {
        GitHub.FailNext(500);
        GitHub.FailNext(502);

        await Client.SetCommitStatusAsync(Repository, Sha, CommitState.Success, "ok", "vmcloud/plan", null, CancellationToken.None);

        Assert.Equal(3, GitHub.Requests.Count);
        Assert.Single(GitHub.Statuses(Repository, Sha));
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("retry", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RateLimit_IsRetried_AfterTheDelayGitHubAsksFor()
    {
        GitHub.FailNext(429, retryAfter: "1");
        var clock = Stopwatch.StartNew();

        await Client.SetCommitStatusAsync(Repository, Sha, CommitState.Success, "ok", "vmcloud/plan", null, CancellationToken.None);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(20));
        Assert.Single(GitHub.Statuses(Repository, Sha));
        Assert.Contains(logs.Lines, l => l.Contains("retry 1 of 3 in 00:00:01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RateLimit_AskingForLongerThanAllowed_FailsAtOnce()
    {
        GitHub.FailNext(429, retryAfter: "3600");

        var error = await Assert.ThrowsAsync<GitHubException>(() =>
            Client.SetCommitStatusAsync(Repository, Sha, CommitState.Success, "ok", "vmcloud/plan", null, CancellationToken.None));

        Assert.Equal((429, TimeSpan.FromHours(1)), (error.StatusCode, error.RetryAfter));
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task NotFound_IsAGitHubException_WithGitHubsMessage_NotRetried_AndWithoutTheToken()
    {
        var error = await Assert.ThrowsAsync<GitHubException>(() =>
            Client.UpsertCommentAsync("acme/elsewhere", 7, Marker, "### plan", CancellationToken.None));

        Assert.Equal((404, "Not Found"), (error.StatusCode, error.GitHubMessage));
        Assert.Equal("GitHub GET /api/v3/repos/acme/elsewhere/issues/7/comments: 404 Not Found", error.Message);
        Assert.False(error.IsTransient);
        Assert.Single(GitHub.Requests);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErrorThatEchoesTheToken_IsScrubbed_InTheExceptionAndTheLog()
    {
        for (var i = 0; i < 4; i++) GitHub.FailNext(502, echoAuthorization: true);

        var error = await Assert.ThrowsAsync<GitHubException>(() =>
            Client.SetCommitStatusAsync(Repository, Sha, CommitState.Success, "ok", "vmcloud/plan", null, CancellationToken.None));

        Assert.Equal("GitHub POST /api/v3/repos/acme/fleet/statuses/" + Sha + ": 502 upstream refused Bearer ***", error.Message);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, GitHub.Requests.Count);
        Assert.Equal(3, logs.Lines.Count(l => l.Contains("Bearer ***", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task APageLinkToAnotherHost_IsNotFollowed()
    {
        GitHub.Seed(Repository, 7, 150);
        GitHub.LinkOrigin = "http://127.0.0.2:1";

        var error = await Assert.ThrowsAsync<GitHubException>(() =>
            Client.UpsertCommentAsync(Repository, 7, Marker, "### plan", CancellationToken.None));

        Assert.Contains("not following it with the token", error.Message);
        Assert.Single(GitHub.Requests);
    }

    [Fact]
    public async Task UnreachableGitHub_IsAGitHubException_AfterTheRetries()
    {
        await GitHub.DisposeAsync();

        var error = await Assert.ThrowsAsync<GitHubException>(() =>
            Client.SetCommitStatusAsync(Repository, Sha, CommitState.Success, "ok", "vmcloud/plan", null, CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.StartsWith($"GitHub POST /api/v3/repos/{Repository}/statuses/{Sha}: ", error.Message);
        Assert.Equal(3, logs.Lines.Count(l => l.Contains("retry", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("acme", 7, "not owner/name")]
    [InlineData("acme/fleet/../x", 7, "path")]
    [InlineData("acme/fleet", 0, "no pull request 0")]
    public async Task UpsertComment_RefusesAWrongRepositoryOrNumber_WithoutCallingGitHub(string repository, int number, string why)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Client.UpsertCommentAsync(repository, number, Marker, "x", CancellationToken.None));

        Assert.True(GitHub.Requests.Count == 0, why);
    }
}
