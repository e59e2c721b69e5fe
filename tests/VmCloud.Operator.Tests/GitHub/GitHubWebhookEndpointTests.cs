using System.Text;
using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>
/// <c>POST /hooks/github</c> on a real loopback Kestrel: only signed deliveries reach the
/// dispatcher, each once, within the size cap, and every refusal says why.
/// </summary>
public sealed class GitHubWebhookEndpointTests : IAsyncLifetime
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("webhook-test-secret");
    private WebhookHost? host;

    private WebhookHost Host => host!;

    public async Task InitializeAsync() => host = await WebhookHost.StartAsync(Secret, new GitHubWebhookOptions { MaxBodyBytes = 64 * 1024 });

    public async Task DisposeAsync()
    {
        if (host is not null) await host.DisposeAsync();
    }

    [Fact]
    public async Task SignedPush_IsDispatchedOnce_AndAnswered202()
    {
        var body = GitHubPayloads.Bytes(GitHubPayloads.Push());

        var (status, text) = await Host.DeliverAsync("push", body, Sign(body));

        Assert.Equal((202, "sync started"), (status, text));
        var push = Assert.IsType<PushEvent>(Assert.Single(Host.Dispatcher.Events));
        Assert.Equal(("refs/heads/main", GitHubPayloads.HeadSha, "acme/fleet"), (push.Ref, push.After, push.Repository.FullName));
    }

    [Fact]
    public async Task Push_NoSourceTracks_IsAnswered202_SayingSo()
    {
        Host.Dispatcher.Tracks = false;
        var body = GitHubPayloads.Bytes(GitHubPayloads.Push("refs/heads/dev"));

        var (status, text) = await Host.DeliverAsync("push", body, Sign(body));

        Assert.Equal((202, "no source tracks refs/heads/dev of acme/fleet"), (status, text));
    }

    [Fact]
    public async Task WrongSignature_Is401_AndReachesNothing_NorTheDeliveryLog()
    {
        var body = GitHubPayloads.Bytes(GitHubPayloads.Push());
        var forged = WebhookSignature.Sign(body, Encoding.UTF8.GetBytes("guessed"));

        var (wrong, text) = await Host.DeliverAsync("push", body, forged, delivery: "d-1");
        var (missing, _) = await Host.DeliverAsync("push", body, signature: null, delivery: "d-1");
        var (tampered, _) = await Host.DeliverAsync("push", GitHubPayloads.Bytes(GitHubPayloads.Push("refs/heads/evil")), Sign(body), delivery: "d-1");
        var (genuine, _) = await Host.DeliverAsync("push", body, Sign(body), delivery: "d-1");

        Assert.Equal((401, 401, 401), (wrong, missing, tampered));
        Assert.Contains("X-Hub-Signature-256", text);
        Assert.Equal(202, genuine);
        Assert.Single(Host.Dispatcher.Events);
        Assert.Contains(Host.Logs.Lines, l => l.Contains("missing or wrong signature", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.Logs.Lines, l => l.Contains(forged[7..], StringComparison.Ordinal) || l.Contains("refs/heads/evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReplayedDelivery_IsAnswered200_AndNotDispatchedAgain()
    {
        var body = GitHubPayloads.Bytes(GitHubPayloads.PullRequest("opened"));

        var first = await Host.DeliverAsync("pull_request", body, Sign(body), delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        var again = await Host.DeliverAsync("pull_request", body, Sign(body), delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958");

        Assert.Equal((202, "plan started"), first);
        Assert.Equal((200, "duplicate delivery"), again);
        Assert.Single(Host.Dispatcher.Events);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyOverTheCap_Is413_AndReachesNothing_WithOrWithoutContentLength(bool chunked)
    {
        var payload = GitHubPayloads.Push();
        payload["padding"] = new string('x', 65 * 1024);
        var body = GitHubPayloads.Bytes(payload);

        var (status, text) = await Host.DeliverAsync("push", body, Sign(body), chunked: chunked);

        Assert.Equal(413, status);
        Assert.Contains("64 KiB", text);
        Assert.Empty(Host.Dispatcher.Events);
    }

    [Fact]
    public async Task BodyUnderTheCap_IsRead_WhenSentChunked()
    {
        var body = GitHubPayloads.Bytes(GitHubPayloads.Push());

        var (status, _) = await Host.DeliverAsync("push", body, Sign(body), chunked: true);

        Assert.Equal(202, status);
        Assert.Single(Host.Dispatcher.Events);
    }

    [Theory]
    [InlineData("push", "{\"ref\": \"refs/heads/main\"", "bad push payload: the payload is not valid JSON")]
    [InlineData("push", "{\"ref\": \"refs/heads/main\"}", "bad push payload: after is missing")]
    [InlineData("pull_request", "{\"action\": \"opened\", \"number\": 3}", "bad pull_request payload: pull_request is missing")]
    [InlineData("pull_request", "{\"number\": 3}", "bad pull_request payload: action is missing")]
    public async Task BadPayload_Is400_WithAShortReason(string eventName, string json, string reason)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var (status, text) = await Host.DeliverAsync(eventName, body, Sign(body));

        Assert.Equal(400, status);
        Assert.StartsWith(reason, text);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Empty(Host.Dispatcher.Events);
    }

    [Theory]
    [InlineData("opened")]
    [InlineData("synchronize")]
    [InlineData("reopened")]
    public async Task PullRequest_ThatChangesWhatItProposes_StartsAPlan(string action)
    {
        var body = GitHubPayloads.Bytes(GitHubPayloads.PullRequest(action, number: 12));

        var (status, text) = await Host.DeliverAsync("pull_request", body, Sign(body));

        Assert.Equal((202, "plan started"), (status, text));
        var pull = Assert.IsType<PullRequestEvent>(Assert.Single(Host.Dispatcher.Events));
        Assert.Equal(new PullRequestEvent(action, 12, "main", GitHubPayloads.BaseSha, GitHubPayloads.HeadSha, pull.Repository), pull);
    }

    [Theory]
    [InlineData("closed")]
    [InlineData("labeled")]
    [InlineData("edited")]
    public async Task PullRequest_OfAnotherAction_IsIgnored(string action)
    {
        var body = GitHubPayloads.Bytes(GitHubPayloads.PullRequest(action));

        var (status, text) = await Host.DeliverAsync("pull_request", body, Sign(body));

        Assert.Equal((202, $"ignored: pull_request action {action} starts no plan"), (status, text));
        Assert.Empty(Host.Dispatcher.Events);
    }

    [Fact]
    public async Task Ping_IsAnsweredPong_AndUnknownEvents_Ignored()
    {
        var ping = GitHubPayloads.Bytes(GitHubPayloads.Ping());
        var issue = Encoding.UTF8.GetBytes("{\"action\": \"opened\"}");

        var pong = await Host.DeliverAsync("ping", ping, Sign(ping));
        var ignored = await Host.DeliverAsync("issues", issue, Sign(issue));

        Assert.Equal((200, "pong"), pong);
        Assert.Equal((202, "ignored: issues events start nothing here"), ignored);
        Assert.Empty(Host.Dispatcher.Events);
    }

    [Fact]
    public async Task FormEncodedPayload_Is415_SayingWhichContentTypeToSet()
    {
        var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(GitHubPayloads.Bytes(GitHubPayloads.Push()))));

        var (status, text) = await Host.DeliverAsync("push", body, Sign(body), contentType: "application/x-www-form-urlencoded");

        Assert.Equal((415, "set the webhook's content type to application/json"), (status, text));
        Assert.Empty(Host.Dispatcher.Events);
    }

    [Fact]
    public async Task WithoutASecret_Every_Delivery_Is503_SayingHowToConfigureOne()
    {
        await using var unconfigured = await WebhookHost.StartAsync(secret: null);
        var body = GitHubPayloads.Bytes(GitHubPayloads.Push());

        var (status, text) = await unconfigured.DeliverAsync("push", body, Sign(body));

        Assert.Equal(503, status);
        Assert.Contains("--github-webhook-secret FILE", text);
        Assert.Empty(unconfigured.Dispatcher.Events);
    }

    private static string Sign(byte[] body) => WebhookSignature.Sign(body, Secret);
}
