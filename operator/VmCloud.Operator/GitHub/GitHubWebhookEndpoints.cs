using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VmCloud.Operator.GitHub;

/// <summary>
/// <c>POST /hooks/github</c>, GitHub's webhook. Services it resolves: <see cref="WebhookSecret"/>
/// (without it the endpoint answers 503 and says how to configure one), <see cref="IWebhookDispatcher"/>
/// (likewise), and optionally <see cref="GitHubWebhookOptions"/> and <see cref="DeliveryLog"/>
/// (created from the options when absent).
/// </summary>
public static class GitHubWebhookEndpoints
{
    /// <summary>Where GitHub delivers.</summary>
    public const string Path = "/hooks/github";

    /// <summary>Maps the webhook at <see cref="Path"/>.</summary>
    public static IEndpointRouteBuilder MapGitHubWebhook(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ServiceProvider;
        var options = services.GetService<GitHubWebhookOptions>() ?? new GitHubWebhookOptions();
        var handler = new GitHubWebhookHandler(options, services.GetService<DeliveryLog>() ?? new DeliveryLog(options.DeliveryLogCapacity),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<GitHubWebhookHandler>());
        app.MapPost(Path, (Func<HttpContext, Task<IResult>>)handler.HandleAsync);
        return app;
    }
}
