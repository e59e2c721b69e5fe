using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VmCloud.Operator.Metrics;

/// <summary>
/// Times the agent protocol's requests: <c>vmcloud_agent_request_duration_seconds{endpoint,code}</c>,
/// endpoint being registration, desired or report — never the node, so a thousand nodes make three
/// endpoints' worth of series. Refused requests (401, 403, 413) are timed too: the filter goes first.
/// </summary>
public sealed class AgentRequestMetrics : IDisposable
{
    // Long-polls of the desired document wait up to 60 s when nothing changes.
    private static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly string[] Endpoints = ["registration", "desired", "report"];

    // The engine's meter name, which the operator's registry exports; a meter of its own would need
    // the registry's options changed in Program.cs.
    private readonly Meter meter = new("VmCloud.Engine");
    private readonly Histogram<double> duration;

    /// <summary>Creates the histogram.</summary>
    public AgentRequestMetrics()
    {
        duration = meter.CreateHistogram("vmcloud.agent.request.duration", "s",
            "Agent protocol requests served by the operator, by endpoint and HTTP status (long-polls include their wait).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Bounds });
    }

    /// <summary>Records one request.</summary>
    public void Served(string endpoint, int code, TimeSpan elapsed) =>
        duration.Record(elapsed.TotalSeconds, new TagList { { "endpoint", endpoint }, { "code", code.ToString(CultureInfo.InvariantCulture) } });

    /// <summary>
    /// An endpoint filter for the agent API's route group: times the request until its response is
    /// sent. Does nothing when the host did not register <see cref="AgentRequestMetrics"/>.
    /// </summary>
    public static async ValueTask<object?> TimeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.RequestServices.GetService(typeof(AgentRequestMetrics)) is not AgentRequestMetrics metrics)
            return await next(context);
        var started = Stopwatch.GetTimestamp();
        var endpoint = EndpointOf(http);
        // The status is known once the result has run, and the body is sent only then: time to completion.
        http.Response.OnCompleted(() =>
        {
            metrics.Served(endpoint, http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        });
        return await next(context);
    }

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();

    // The last segment of the route pattern (…/nodes/{node}/registration), one of three known names.
    private static string EndpointOf(HttpContext http)
    {
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "";
        var last = pattern[(pattern.LastIndexOf('/') + 1)..];
        return Endpoints.FirstOrDefault(e => e == last) ?? "other";
    }
}
