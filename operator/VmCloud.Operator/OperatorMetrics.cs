using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VmCloud.Core.Metrics;
using VmCloud.Engine;
using VmCloud.Operator.Metrics;

namespace VmCloud.Operator;

/// <summary>
/// The operator's /metrics beyond the engine's instruments: billing (the meter's totals and the
/// tenants' gauges), capacity per datacenter (from the
/// scheduler's fleet view), resources by kind and phase, nodes (from one watch of the store), the
/// agents' leftovers (from the agent hub) and the agent protocol's request durations. The host
/// calls <see cref="AddOperatorMetrics"/>; a benchmark or test builds the same registry with
/// <see cref="CreateRegistry"/> and <see cref="Attach"/>.
/// </summary>
public static class OperatorMetrics
{
    /// <summary>The meters the operator's registry exports.</summary>
    public static IReadOnlyCollection<string> MeterNames { get; } = ["VmCloud.Engine"];

    /// <summary>A registry as the operator's: listening to <see cref="MeterNames"/> from now on.</summary>
    public static MetricsRegistry CreateRegistry() => new(new MetricsRegistryOptions { MeterNames = MeterNames });

    /// <summary>
    /// Registers the agent request timing and a hosted service that attaches the collectors to the
    /// host's <see cref="MetricsRegistry"/> and <see cref="ControlPlane"/> while the host runs.
    /// </summary>
    public static IServiceCollection AddOperatorMetrics(this IServiceCollection services)
    {
        services.AddSingleton<AgentRequestMetrics>();
        services.AddHostedService(sp => new OperatorMetricsService(
            sp.GetRequiredService<MetricsRegistry>(), sp.GetRequiredService<ControlPlane>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Adds the collectors over <paramref name="plane"/> to <paramref name="registry"/>; run the result to keep counts current.</summary>
    public static OperatorCollectors Attach(MetricsRegistry registry, ControlPlane plane, TimeProvider time) => new(registry, plane, time);
}

/// <summary>Keeps the operator's collectors attached, and their watch running, for the host's lifetime.</summary>
internal sealed class OperatorMetricsService(MetricsRegistry registry, ControlPlane plane, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var collectors = OperatorMetrics.Attach(registry, plane, time);
        await collectors.RunAsync(stoppingToken);
    }
}
