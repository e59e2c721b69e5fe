using VmCloud.Agent.Gpus;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Node;

/// <summary>
/// GPUs known in advance rather than read: none (<c>--gpus none</c>), or those a hollow fleet's
/// manifest declares for a simulated node. Always reads the same.
/// </summary>
/// <param name="reading">What every read returns.</param>
public sealed class DeclaredGpuInventory(GpuReading reading) : IGpuInventory
{
    /// <summary>No GPUs, by configuration.</summary>
    public static DeclaredGpuInventory None { get; } = new(new GpuReading([], NvmlGpuInventory.NoSource, "the agent runs with --gpus none"));

    /// <summary>The GPUs a manifest declares, reported as from a file.</summary>
    public static DeclaredGpuInventory Of(IReadOnlyList<GpuDevice> gpus) =>
        new(new GpuReading(gpus, FileGpuInventory.Source, gpus.Count == 0 ? "the node's manifest declares no GPUs" : null));

    /// <inheritdoc />
    public GpuReading Read() => reading;
}
