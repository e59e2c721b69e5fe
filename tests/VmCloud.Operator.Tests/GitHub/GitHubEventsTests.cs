using System.Text;
using System.Text.Json.Nodes;
using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>The fields read from GitHub's payloads, and short reasons for the ones that are not.</summary>
public sealed class GitHubEventsTests
{
    private static readonly RepositoryRef Fleet = new(GitHubPayloads.Repository, "https://github.com/acme/fleet.git",
        "git@github.com:acme/fleet.git", "git://github.com/acme/fleet.git", "https://github.com/acme/fleet");

    [Fact]
    public void ParsePush_ReadsTheRefTheCommitAndTheRepository()
    {
        var (push, error) = GitHubEvents.ParsePush(GitHubPayloads.Bytes(GitHubPayloads.Push()));

        Assert.Null(error);
        Assert.Equal(new PushEvent("refs/heads/main", GitHubPayloads.HeadSha, Fleet), push);
    }

    [Fact]
    public void ParsePullRequest_ReadsTheNumberTheBaseAndTheHead()
    {
        var (pull, error) = GitHubEvents.ParsePullRequest(GitHubPayloads.Bytes(GitHubPayloads.PullRequest("synchronize", 12)));

        Assert.Null(error);
        Assert.Equal(new PullRequestEvent("synchronize", 12, "main", GitHubPayloads.BaseSha, GitHubPayloads.HeadSha, Fleet), pull);
    }

    [Fact]
    public void ParsePush_KeepsOnlyTheFullName_WhenTheRepositoryHasNoUrls()
    {
        var payload = GitHubPayloads.Push();
        payload["repository"] = new JsonObject { ["full_name"] = "acme/fleet" };

        var (push, _) = GitHubEvents.ParsePush(GitHubPayloads.Bytes(payload));

        Assert.Equal(new RepositoryRef("acme/fleet", null, null, null, null), push!.Repository);
    }

    public static TheoryData<string, Action<JsonObject>, string> BadPushes => new()
    {
        { "no ref", p => p.Remove("ref"), "ref is missing" },
        { "ref not a string", p => p["ref"] = 3, "ref is missing or not a JSON string" },
        { "branch name only", p => p["ref"] = "main", "ref is not a valid value" },
        { "ref climbing up", p => p["ref"] = "refs/heads/../../config", "ref is not a valid value" },
        { "ref with a line break", p => p["ref"] = "refs/heads/main\n", "ref is not a valid value" },
        { "short sha", p => p["after"] = "abc123", "after is not a valid value" },
        { "no repository", p => p.Remove("repository"), "repository is missing" },
        { "full name with a path", p => p["repository"]!["full_name"] = "acme/fleet/../x", "repository.full_name is not a valid value" },
    };

    [Theory]
    [MemberData(nameof(BadPushes))]
    public void ParsePush_SaysWhichFieldIsWrong(string name, Action<JsonObject> spoil, string reason)
    {
        var payload = GitHubPayloads.Push();
        spoil(payload);

        var (push, error) = GitHubEvents.ParsePush(GitHubPayloads.Bytes(payload));

        Assert.Null(push);
        Assert.True(error?.Contains(reason, StringComparison.Ordinal), $"{name}: {error}");
    }

    public static TheoryData<string, Action<JsonObject>, string> BadPullRequests => new()
    {
        { "no number", p => p.Remove("number"), "number is missing" },
        { "negative number", p => p["number"] = -1, "number is not a pull request number" },
        { "fractional number", p => p["number"] = 1.5, "number is not a pull request number" },
        { "no head", p => p["pull_request"]!.AsObject().Remove("head"), "pull_request.head is missing" },
        { "no base sha", p => p["pull_request"]!["base"]!.AsObject().Remove("sha"), "pull_request.base.sha is missing" },
        { "base ref with a space", p => p["pull_request"]!["base"]!["ref"] = "my branch", "pull_request.base.ref is not a valid value" },
    };

    [Theory]
    [MemberData(nameof(BadPullRequests))]
    public void ParsePullRequest_SaysWhichFieldIsWrong(string name, Action<JsonObject> spoil, string reason)
    {
        var payload = GitHubPayloads.PullRequest();
        spoil(payload);

        var (pull, error) = GitHubEvents.ParsePullRequest(GitHubPayloads.Bytes(payload));

        Assert.Null(pull);
        Assert.True(error?.Contains(reason, StringComparison.Ordinal), $"{name}: {error}");
    }

    [Theory]
    [InlineData("{\"ref\": ")]
    [InlineData("payload=%7B%7D")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    public void Parse_GivesAShortReason_ForWhatIsNotAJsonObject(string text)
    {
        var (push, error) = GitHubEvents.ParsePush(Encoding.UTF8.GetBytes(text));

        Assert.Null(push);
        Assert.True(error is "the payload is not a JSON object" or "the payload is not valid JSON; set the webhook's content type to application/json", error);
    }
}
