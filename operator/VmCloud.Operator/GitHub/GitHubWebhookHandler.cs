using System.Buffers;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VmCloud.Operator.GitHub;

/// <summary>
/// One webhook delivery: capped body, signature, event, replay check, dispatch, in that order, so
/// an unsigned request costs a bounded read and reaches nothing else. Answers are plain text
/// because GitHub shows them as they are in the webhook's "Recent deliveries".
/// </summary>
internal sealed partial class GitHubWebhookHandler(GitHubWebhookOptions options, DeliveryLog deliveries, ILogger<GitHubWebhookHandler> logger)
{
    private const string NoSecret = "no GitHub webhook secret is configured: start the operator with --github-webhook-secret FILE, "
        + "the file holding the secret set on the GitHub webhook";

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        if (services.GetService<WebhookSecret>() is not { } secret) return Answer(503, NoSecret);
        if (services.GetService<IWebhookDispatcher>() is not { } dispatcher)
            return Answer(503, "the operator tracks no Git source that webhooks could start; add a Source with a Git repository");

        var request = http.Request;
        var body = await ReadCappedAsync(request, options.MaxBodyBytes, http.RequestAborted);
        var (delivery, eventName) = (Header(request, "X-GitHub-Delivery"), Header(request, "X-GitHub-Event"));
        if (body is null)
        {
            LogTooLarge(delivery, eventName, options.MaxBodyBytes);
            return Answer(413, $"the payload is larger than the {options.MaxBodyBytes / 1024} KiB this endpoint reads");
        }
        if (!secret.Verifies(body.Value.Span, request.Headers[WebhookSignature.Header]))
        {
            LogBadSignature(http.Connection.RemoteIpAddress, delivery, eventName);
            return Answer(401, $"the {WebhookSignature.Header} signature is missing or wrong; set the webhook's secret to the operator's");
        }
        if (!DeliveryIdPattern().IsMatch(delivery)) return Answer(400, "X-GitHub-Delivery is missing or malformed");
        if (request.HasFormContentType) return Answer(415, "set the webhook's content type to application/json");
        return eventName switch
        {
            "ping" => Answer(200, "pong"),
            "push" => Push(body.Value, delivery, dispatcher),
            "pull_request" => PullRequest(body.Value, delivery, dispatcher),
            "" => Answer(400, "X-GitHub-Event is missing"),
            _ => Answer(202, $"ignored: {eventName} events start nothing here"),
        };
    }

    private IResult Push(ReadOnlyMemory<byte> body, string delivery, IWebhookDispatcher dispatcher)
    {
        var (push, error) = GitHubEvents.ParsePush(body);
        if (push is null) return BadPayload("push", delivery, error!);
        if (!deliveries.FirstTime(delivery)) return Duplicate("push", delivery);
        var tracked = Dispatch(() => dispatcher.Push(push), "push", delivery);
        if (tracked is null) return Answer(500, "the sync could not be started; see the operator's log");
        LogPush(push.Repository.FullName, push.Ref, delivery, tracked.Value);
        return Answer(202, tracked.Value ? "sync started" : $"no source tracks {push.Ref} of {push.Repository.FullName}");
    }

    private IResult PullRequest(ReadOnlyMemory<byte> body, string delivery, IWebhookDispatcher dispatcher)
    {
        // Only the action first: a closed or labeled pull request is answered without reading the rest.
        var (action, actionError) = GitHubEvents.ParseAction(body);
        if (action is null) return BadPayload("pull_request", delivery, actionError!);
        if (!GitHubEvents.PlannedActions.Contains(action)) return Answer(202, $"ignored: pull_request action {action} starts no plan");
        var (pull, error) = GitHubEvents.ParsePullRequest(body);
        if (pull is null) return BadPayload("pull_request", delivery, error!);
        if (!deliveries.FirstTime(delivery)) return Duplicate("pull_request", delivery);
        var tracked = Dispatch(() => dispatcher.PullRequest(pull), "pull_request", delivery);
        if (tracked is null) return Answer(500, "the plan could not be started; see the operator's log");
        LogPullRequest(pull.Repository.FullName, pull.Number, pull.Action, delivery, tracked.Value);
        return Answer(202, tracked.Value ? "plan started" : $"no source tracks branch {pull.BaseRef} of {pull.Repository.FullName}");
    }

    // A dispatcher that throws is a bug; the delivery is answered 500 so GitHub shows it failed.
    private bool? Dispatch(Func<bool> dispatch, string eventName, string delivery)
    {
        try
        {
            return dispatch();
        }
        catch (Exception e)
        {
            LogDispatchFailed(e, eventName, delivery);
            return null;
        }
    }

    private IResult BadPayload(string eventName, string delivery, string reason)
    {
        LogBadPayload(eventName, delivery, reason);
        return Answer(400, $"bad {eventName} payload: {reason}");
    }

    private IResult Duplicate(string eventName, string delivery)
    {
        LogDuplicate(eventName, delivery);
        return Answer(200, "duplicate delivery");
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>; Content-Length is checked but not trusted.</summary>
    internal static async Task<ReadOnlyMemory<byte>?> ReadCappedAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    // Header values reach the log: keep them short and to one line whatever a sender puts there.
    private static string Header(HttpRequest request, string name)
    {
        var value = request.Headers[name].ToString();
        return value.Length <= 100 && !value.Any(char.IsControl) ? value : "(malformed)";
    }

    private static IResult Answer(int status, string text) => Results.Text(text + "\n", "text/plain; charset=utf-8", statusCode: status);

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,100}\z")]
    private static partial Regex DeliveryIdPattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub webhook: refused a delivery from {Remote} with a missing or wrong signature (delivery {Delivery}, event {Event})")]
    private partial void LogBadSignature(IPAddress? remote, string delivery, string @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub webhook: refused delivery {Delivery} ({Event}), larger than {Limit} bytes")]
    private partial void LogTooLarge(string delivery, string @event, long limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub webhook: bad {Event} payload in delivery {Delivery}: {Reason}")]
    private partial void LogBadPayload(string @event, string delivery, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub webhook: delivery {Delivery} ({Event}) was handled already")]
    private partial void LogDuplicate(string @event, string delivery);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub webhook: push to {Ref} of {Repository} (delivery {Delivery}); a source tracks it: {Tracked}")]
    private partial void LogPush(string repository, string @ref, string delivery, bool tracked);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub webhook: pull request {Repository}#{Number} {Action} (delivery {Delivery}); a source tracks it: {Tracked}")]
    private partial void LogPullRequest(string repository, int number, string action, string delivery, bool tracked);

    [LoggerMessage(Level = LogLevel.Error, Message = "GitHub webhook: the {Event} of delivery {Delivery} could not be dispatched")]
    private partial void LogDispatchFailed(Exception exception, string @event, string delivery);
}
