using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Fleet;
using VmCloud.Agent.Libvirt;
using VmCloud.Agent.Metrics;
using VmCloud.Agent.Node;
using VmCloud.Agent.Protocol;
using VmCloud.Core.Metrics;

namespace VmCloud.Agent.Hosting;

/// <summary>
/// The agent process: a slim ASP.NET Core host serving <c>/livez</c> and <c>/metrics</c>, whose
/// worker runs the node sessions until SIGTERM. The hypervisor connections are opened before the
/// host starts, so a wrong libvirt URI or pool stops the agent at once with exit code 2.
/// </summary>
internal static class AgentHost
{
    public static async Task<int> RunNodeAsync(NodeHostOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        LibvirtHypervisor hypervisor;
        try
        {
            hypervisor = LibvirtHypervisor.Open(options.LibvirtUri, options.Pool);
        }
        catch (HypervisorException e)
        {
            return Usage.Fail(error, [$"--libvirt-uri {options.LibvirtUri} --pool {options.Pool}: {e.Message}"]);
        }

        using (hypervisor)
        {
            using var http = OperatorHttp.CreateClient(options.CaFile is null ? null : OperatorHttp.LoadRoots(options.CaFile));
            var metrics = new AgentMetrics();
            IReadOnlyList<NodeAgent> agents = [];
            await using var app = Build(options.Urls, metrics, () => agents, LogLevel.Information);
            var client = new OperatorClient(http, options.OperatorUrl, options.Node, options.Token, TimeProvider.System, metrics);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<NodeAgent>();
            agents = [new NodeAgent(options.AgentOptions(), client, hypervisor, options.Gpus, logger, metrics)];
            await app.RunAsync(cancellationToken);
        }

        return 0;
    }

    public static async Task<int> RunFleetAsync(FleetHostOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = OperatorHttp.CreateClient(options.CaFile is null ? null : OperatorHttp.LoadRoots(options.CaFile));
        var metrics = new AgentMetrics();
        IReadOnlyList<NodeAgent> agents = [];
        await using var app = Build(options.Urls, metrics, () => agents, LogLevel.Warning);
        var fleetOptions = new HollowFleetOptions { OperatorUrl = options.OperatorUrl, StateDirectory = options.StateDirectory, TokenOf = node => options.Tokens[node] };
        HollowFleet fleet;
        try
        {
            fleet = HollowFleet.Create(options.Nodes, fleetOptions, http, app.Services.GetRequiredService<ILoggerFactory>(), metrics);
        }
        catch (Exception e) when (e is HypervisorException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Usage.Fail(error, [$"--fleet: {e.Message}"]);
        }

        using (fleet)
        {
            agents = fleet.Agents;
            await app.RunAsync(cancellationToken);
        }

        return 0;
    }

    // Node sessions log at sessionLevel: a fleet of a thousand keeps to warnings, its progress comes from the worker.
    private static WebApplication Build(string urls, AgentMetrics metrics, Func<IReadOnlyList<NodeAgent>> sessions, LogLevel sessionLevel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFilter("VmCloud.Agent.Node", sessionLevel);
        builder.Logging.AddFilter("VmCloud.Agent.Fleet", sessionLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService(sp => new AgentSessionsService(sessions, TimeProvider.System, sp.GetRequiredService<ILogger<AgentSessionsService>>()));
        var app = builder.Build();
        app.MapGet("/livez", () => Results.Text("ok"));
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), PrometheusTextFormat.ContentType));
        return app;
    }
}
