using Microsoft.Extensions.Hosting;

namespace VmCloud.Engine.Runtime;

/// <summary>
/// Runs a <see cref="ControllerRuntime"/> for the lifetime of a generic host: register the controllers
/// on the runtime, then add this as a hosted service. Host shutdown cancels the runtime, which stops
/// taking keys and gives reconciles in flight their grace period (keep the host's shutdown timeout longer).
/// </summary>
public sealed class ControllerRuntimeService(ControllerRuntime runtime) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runtime.RunAsync(stoppingToken);
}
