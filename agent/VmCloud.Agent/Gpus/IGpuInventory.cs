using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Gpus;

/// <summary>The node's GPUs, mapped to catalogue models: from NVML, from a declaration file, or none.</summary>
public interface IGpuInventory
{
    /// <summary>Reads the GPUs now.</summary>
    GpuReading Read();
}

/// <summary>What an inventory found.</summary>
/// <param name="Gpus">The GPUs with a catalogue model.</param>
/// <param name="Source">nvml, file or none.</param>
/// <param name="Message">Why there are none, or what was skipped (e.g. a model the catalogue does not sell), else null.</param>
public sealed record GpuReading(IReadOnlyList<GpuDevice> Gpus, string Source, string? Message);
