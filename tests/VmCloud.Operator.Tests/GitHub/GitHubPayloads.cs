using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>Event payloads shaped like GitHub's, trimmed to a few of the fields it sends.</summary>
internal static class GitHubPayloads
{
    public const string Repository = "acme/fleet";
    public const string BaseSha = "1111111111111111111111111111111111111111";
    public const string HeadSha = "2222222222222222222222222222222222222222";

    public static JsonObject Push(string reference = "refs/heads/main", string after = HeadSha) => new()
    {
        ["ref"] = reference,
        ["before"] = BaseSha,
        ["after"] = after,
        ["created"] = false,
        ["deleted"] = false,
        ["repository"] = RepositoryObject(),
        ["pusher"] = new JsonObject { ["name"] = "octocat" },
        ["commits"] = new JsonArray(new JsonObject { ["id"] = after, ["message"] = "Add a server" }),
    };

    public static JsonObject PullRequest(string action = "opened", int number = 7, string baseRef = "main") => new()
    {
        ["action"] = action,
        ["number"] = number,
        ["pull_request"] = new JsonObject
        {
            ["number"] = number,
            ["state"] = action == "closed" ? "closed" : "open",
            ["title"] = "Add a server",
            ["base"] = new JsonObject { ["ref"] = baseRef, ["sha"] = BaseSha, ["repo"] = RepositoryObject() },
            ["head"] = new JsonObject { ["ref"] = "add-server", ["sha"] = HeadSha },
        },
        ["repository"] = RepositoryObject(),
        ["sender"] = new JsonObject { ["login"] = "octocat" },
    };

    public static JsonObject Ping() => new() { ["zen"] = "Keep it logically awesome.", ["hook_id"] = 1, ["repository"] = RepositoryObject() };

    public static byte[] Bytes(JsonNode payload) => JsonSerializer.SerializeToUtf8Bytes(payload);

    private static JsonObject RepositoryObject() => new()
    {
        ["id"] = 42,
        ["full_name"] = Repository,
        ["clone_url"] = $"https://github.com/{Repository}.git",
        ["ssh_url"] = $"git@github.com:{Repository}.git",
        ["git_url"] = $"git://github.com/{Repository}.git",
        ["html_url"] = $"https://github.com/{Repository}",
    };
}
