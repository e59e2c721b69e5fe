using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Gpus;

/// <summary>
/// The node's GPUs as the NVIDIA driver reports them through NVML (<c>libnvidia-ml.so.1</c>),
/// mapped to catalogue models. Each <see cref="Read"/> opens and closes its own NVML session, so
/// GPUs that appear or fail are seen on the next read (a driver installed after the agent started
/// too; a replaced library is only picked up by a restart, as the loaded one stays mapped).
/// Never throws: a node without NVML reports no GPUs and says why.
/// </summary>
public sealed class NvmlGpuInventory : IGpuInventory
{
    /// <summary>The <see cref="GpuReading.Source"/> of a reading NVML answered.</summary>
    public const string Source = "nvml";

    /// <summary>The <see cref="GpuReading.Source"/> of a reading without NVML.</summary>
    public const string NoSource = "none";

    private readonly Func<NvmlScan> scan;

    /// <summary>An inventory over the real NVML.</summary>
    public NvmlGpuInventory()
        : this(NvmlSession.Scan)
    {
    }

    /// <summary>An inventory over another source of scans (tests).</summary>
    internal NvmlGpuInventory(Func<NvmlScan> scan) => this.scan = scan;

    /// <inheritdoc />
    public GpuReading Read()
    {
        try
        {
            return ToReading(scan());
        }
        catch (Exception ex)
        {
            // The inventory feeds the heartbeat: a driver fault must cost the GPUs, not the agent.
            return new GpuReading([], NoSource, $"NVML failed ({ex.GetType().Name}: {ex.Message}): this node reports no GPUs.");
        }
    }

    /// <summary>The reading of a scan: catalogue GPUs kept, the rest skipped and said in the message.</summary>
    internal static GpuReading ToReading(NvmlScan scan)
    {
        if (scan.Unavailable is not null)
            return new GpuReading([], NoSource, scan.Unavailable);

        var gpus = new List<GpuDevice>();
        var problems = new List<string>(scan.Failures);
        foreach (var device in scan.Devices)
        {
            var model = GpuModels.FromNvml(device.Name, device.MemoryBytes);
            var address = PciAddresses.FromNvml(device.BusId);
            if (model is null)
                problems.Add($"GPU {device.Index} \"{device.Name}\" at {address ?? device.BusId} is not a catalogue model");
            else if (address is null)
                problems.Add($"GPU {device.Index} \"{device.Name}\" has a bus id without a passthrough address: \"{device.BusId}\"");
            else
                gpus.Add(new GpuDevice { Model = model, Uuid = device.Uuid, PciAddress = address });
        }
        return new GpuReading(gpus, Source, Message(scan.Devices.Count + scan.Failures.Count, problems));
    }

    private static string? Message(int devices, List<string> problems)
    {
        if (devices == 0)
            return "NVML reports no GPUs on this node.";
        if (problems.Count == 0)
            return null;
        var skipped = problems.Count == 1 ? "1 GPU" : $"{problems.Count} GPUs";
        return $"Skipped {skipped}: {string.Join("; ", problems)}.";
    }
}
