using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>The webhook endpoint alone on a loopback Kestrel, with a dispatcher that records what reaches it.</summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient http;

    private WebhookHost(WebApplication app, Uri address, RecordingDispatcher dispatcher, RecordingLoggerProvider logs)
    {
        (this.app, Dispatcher, Logs) = (app, dispatcher, logs);
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public RecordingDispatcher Dispatcher { get; }

    public RecordingLoggerProvider Logs { get; }

    /// <summary>Serves the webhook; without <paramref name="secret"/> no <see cref="WebhookSecret"/> is registered.</summary>
    public static async Task<WebhookHost> StartAsync(byte[]? secret, GitHubWebhookOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new RecordingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        var dispatcher = new RecordingDispatcher();
        builder.Services.AddSingleton<IWebhookDispatcher>(dispatcher);
        if (secret is not null) builder.Services.AddSingleton(new WebhookSecret(secret));
        if (options is not null) builder.Services.AddSingleton(options);
        var app = builder.Build();
        app.MapGitHubWebhook();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new WebhookHost(app, new Uri(address), dispatcher, logs);
    }

    /// <summary>POSTs <paramref name="body"/> as GitHub would, with the given signature header (none when null).</summary>
    public async Task<(int Status, string Text)> DeliverAsync(string eventName, byte[] body, string? signature, string? delivery = null,
        bool chunked = false, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GitHubWebhookEndpoints.Path);
        // Chunked: no Content-Length, so only the endpoint's own count can stop an oversized body.
        request.Content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/abc123");
        if (signature is not null) request.Headers.TryAddWithoutValidation(WebhookSignature.Header, signature);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd());
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await app.DisposeAsync();
    }

    /// <summary>Records each event; answers whether a source tracks it as told.</summary>
    internal sealed class RecordingDispatcher : IWebhookDispatcher
    {
        private readonly ConcurrentQueue<object> events = new();

        public bool Tracks { get; set; } = true;

        public IReadOnlyList<object> Events => [.. events];

        public bool Push(PushEvent push)
        {
            events.Enqueue(push);
            return Tracks;
        }

        public bool PullRequest(PullRequestEvent pullRequest)
        {
            events.Enqueue(pullRequest);
            return Tracks;
        }
    }

    // A stream that hides its length so HttpClient sends the body chunked.
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
