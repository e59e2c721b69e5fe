using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VmCloud.Operator.GitHub;

/// <summary>A repository as GitHub events name it; the dispatcher matches its URLs against the tracked sources.</summary>
/// <param name="FullName"><c>owner/name</c>.</param>
/// <param name="CloneUrl">The https clone URL.</param>
/// <param name="SshUrl">The <c>git@host:owner/name.git</c> URL.</param>
/// <param name="GitUrl">The <c>git://</c> URL.</param>
/// <param name="HtmlUrl">The repository's web page.</param>
public sealed record RepositoryRef(string FullName, string? CloneUrl, string? SshUrl, string? GitUrl, string? HtmlUrl);

/// <summary>A <c>push</c>: <paramref name="Ref"/> (e.g. <c>refs/heads/main</c>) now points at <paramref name="After"/>.</summary>
/// <param name="Ref">The full ref pushed.</param>
/// <param name="After">The commit it points at now; all zeros when the ref was deleted.</param>
/// <param name="Repository">Where.</param>
public sealed record PushEvent(string Ref, string After, RepositoryRef Repository);

/// <summary>A <c>pull_request</c> event of an action that changes what the pull request proposes.</summary>
/// <param name="Action"><c>opened</c>, <c>synchronize</c> or <c>reopened</c>.</param>
/// <param name="Number">The pull request's number.</param>
/// <param name="BaseRef">The branch it merges into, e.g. <c>main</c>.</param>
/// <param name="BaseSha">The base branch's commit when the event was sent.</param>
/// <param name="HeadSha">The pull request's head commit.</param>
/// <param name="Repository">The base repository (where the comment and the status go).</param>
public sealed record PullRequestEvent(string Action, int Number, string BaseRef, string BaseSha, string HeadSha, RepositoryRef Repository);

/// <summary>
/// Reads the fields of GitHub's event payloads that VmCloud uses, and checks their shape, so the
/// dispatcher gets values it can put in a ref name or a URL path. A bad payload yields a short
/// reason for the 400 answer, never an exception.
/// </summary>
public static partial class GitHubEvents
{
    /// <summary>The <c>pull_request</c> actions that start a plan; the others (closed, labeled, ...) change nothing to plan.</summary>
    public static readonly FrozenSet<string> PlannedActions = FrozenSet.Create(StringComparer.Ordinal, "opened", "synchronize", "reopened");

    /// <summary>A push payload's fields, or the reason it is not one.</summary>
    public static (PushEvent? Event, string? Error) ParsePush(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var reference = Text(root, "ref", RefPattern());
        var after = Text(root, "after", ShaPattern());
        return new PushEvent(reference, after, Repository(root));
    });

    /// <summary>A pull_request payload's action, or the reason there is none; for deciding whether to read the rest.</summary>
    public static (string? Action, string? Error) ParseAction(ReadOnlyMemory<byte> json) => Parse(json, root => Text(root, "action", ActionPattern()));

    /// <summary>A pull_request payload's fields, or the reason it is not one.</summary>
    public static (PullRequestEvent? Event, string? Error) ParsePullRequest(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var action = Text(root, "action", ActionPattern());
        var number = Member(root, "number", JsonValueKind.Number).TryGetInt32(out var n) && n > 0 ? n : throw new PayloadException("number is not a pull request number");
        var pull = Member(root, "pull_request", JsonValueKind.Object);
        var @base = Member(pull, "base", JsonValueKind.Object, "pull_request.base");
        var head = Member(pull, "head", JsonValueKind.Object, "pull_request.head");
        return new PullRequestEvent(action, number,
            Text(@base, "ref", BranchPattern(), "pull_request.base.ref"),
            Text(@base, "sha", ShaPattern(), "pull_request.base.sha"),
            Text(head, "sha", ShaPattern(), "pull_request.head.sha"),
            Repository(root));
    });

    private static (T? Value, string? Error) Parse<T>(ReadOnlyMemory<byte> json, Func<JsonElement, T> read)
        where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, "the payload is not a JSON object");
            return (read(document.RootElement), null);
        }
        catch (JsonException)
        {
            // The parser's message quotes the payload; a short fixed reason is enough to find the problem.
            return (null, "the payload is not valid JSON; set the webhook's content type to application/json");
        }
        catch (PayloadException e)
        {
            return (null, e.Message);
        }
    }

    private static RepositoryRef Repository(JsonElement root)
    {
        var repository = Member(root, "repository", JsonValueKind.Object);
        return new RepositoryRef(Text(repository, "full_name", FullNamePattern(), "repository.full_name"),
            Optional(repository, "clone_url"), Optional(repository, "ssh_url"), Optional(repository, "git_url"), Optional(repository, "html_url"));
    }

    private static JsonElement Member(JsonElement parent, string name, JsonValueKind kind, string? path = null) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == kind ? value
            : throw new PayloadException($"{path ?? name} is missing or not a JSON {kind.ToString().ToLowerInvariant()}");

    private static string Text(JsonElement parent, string name, Regex shape, string? path = null)
    {
        var text = Member(parent, name, JsonValueKind.String, path).GetString()!;
        return shape.IsMatch(text) ? text : throw new PayloadException($"{path ?? name} is not a valid value");
    }

    private static string? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Shapes, not full git rules: enough to keep control characters, spaces and '..' out of refs and paths.
    // \z, not $: $ would accept a trailing line break.
    [GeneratedRegex(@"^(?!.*\.\.)refs/[A-Za-z0-9._/+-]{1,250}\z")]
    private static partial Regex RefPattern();

    [GeneratedRegex(@"^(?!.*\.\.)[A-Za-z0-9._/+-]{1,250}\z")]
    private static partial Regex BranchPattern();

    [GeneratedRegex(@"^(?:[0-9a-f]{40}|[0-9a-f]{64})\z")]
    private static partial Regex ShaPattern();

    [GeneratedRegex(@"^[a-z_]{1,40}\z")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"^(?!.*\.\.)[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}\z")]
    private static partial Regex FullNamePattern();

    private sealed class PayloadException(string message) : Exception(message);
}
