namespace VmCloud.Agent.Gpus;

/// <summary>What NVML reported, before any catalogue mapping.</summary>
/// <param name="Devices">The devices NVML could describe.</param>
/// <param name="Failures">One sentence per device NVML could not describe.</param>
/// <param name="Unavailable">Why NVML could not be used at all (absent, no driver), else null.</param>
internal sealed record NvmlScan(IReadOnlyList<NvmlDeviceRecord> Devices, IReadOnlyList<string> Failures, string? Unavailable)
{
    /// <summary>A scan of a node where NVML cannot be used.</summary>
    public static NvmlScan Unusable(string why) => new([], [], why);
}

/// <summary>One device as NVML describes it.</summary>
/// <param name="Index">NVML's index of the device.</param>
/// <param name="Name">Product name, e.g. "NVIDIA A100-SXM4-80GB".</param>
/// <param name="Uuid">e.g. "GPU-5f3c…", or null when NVML gave none.</param>
/// <param name="MemoryBytes">Total memory.</param>
/// <param name="BusId">NVML's bus id, e.g. "00000000:41:00.0".</param>
internal sealed record NvmlDeviceRecord(uint Index, string Name, string? Uuid, ulong MemoryBytes, string BusId);
