using System.Runtime.InteropServices;
using System.Text;

namespace VmCloud.Agent.Gpus;

/// <summary>
/// One NVML session: init, describe every device, shutdown. NVML counts init/shutdown pairs, so
/// sessions may overlap; nothing is kept between scans.
/// </summary>
internal static unsafe class NvmlSession
{
    private const string NoGpus = "this node reports no GPUs";

    /// <summary>Describes the node's devices; never throws for a missing or broken NVML.</summary>
    public static NvmlScan Scan()
    {
        int started;
        try
        {
            started = NativeNvml.Init();
        }
        catch (DllNotFoundException)
        {
            return NvmlScan.Unusable($"NVML ({NativeNvml.Library}) is not installed: {NoGpus}.");
        }
        catch (EntryPointNotFoundException)
        {
            return NvmlScan.Unusable($"NVML ({NativeNvml.Library}) is too old to have nvmlInit_v2: {NoGpus}.");
        }
        catch (BadImageFormatException)
        {
            return NvmlScan.Unusable($"NVML ({NativeNvml.Library}) is not a library for this architecture: {NoGpus}.");
        }

        if (started != NativeNvml.Success)
            return NvmlScan.Unusable($"NVML could not start ({ErrorText(started)}): {NoGpus}.");
        try
        {
            return ScanDevices();
        }
        finally
        {
            // Nothing to do about a failed shutdown: the devices were read, and the next scan inits again.
            _ = NativeNvml.Shutdown();
        }
    }

    private static NvmlScan ScanDevices()
    {
        var counted = NativeNvml.DeviceGetCount(out var count);
        if (counted != NativeNvml.Success)
            return NvmlScan.Unusable($"NVML could not count the GPUs ({ErrorText(counted)}): {NoGpus}.");

        var devices = new List<NvmlDeviceRecord>();
        var failures = new List<string>();
        for (uint index = 0; index < count; index++)
        {
            var (device, failure) = Describe(index);
            if (device is not null)
                devices.Add(device);
            else
                failures.Add(failure!);
        }
        return new NvmlScan(devices, failures, null);
    }

    private static (NvmlDeviceRecord? Device, string? Failure) Describe(uint index)
    {
        var step = "nvmlDeviceGetHandleByIndex_v2";
        var result = NativeNvml.DeviceGetHandleByIndex(index, out var handle);
        string? name = null, uuid = null, busId = null;
        var memory = default(NvmlMemory);
        if (result == NativeNvml.Success)
            (step, result) = ("nvmlDeviceGetName", ReadString(handle, NativeNvml.NameBufferSize, &NativeNvml.DeviceGetName, out name));
        if (result == NativeNvml.Success)
            (step, result) = ("nvmlDeviceGetMemoryInfo", NativeNvml.DeviceGetMemoryInfo(handle, out memory));
        if (result == NativeNvml.Success)
            (step, result) = ("nvmlDeviceGetPciInfo_v3", ReadBusId(handle, out busId));
        if (result != NativeNvml.Success)
            return (null, $"GPU {index}: {step} failed ({ErrorText(result)})");

        // The UUID only identifies the device in status; a device without one is still usable.
        if (ReadString(handle, NativeNvml.UuidBufferSize, &NativeNvml.DeviceGetUuid, out uuid) != NativeNvml.Success)
            uuid = null;
        return (new NvmlDeviceRecord(index, name!, uuid, memory.Total, busId!), null);
    }

    private static int ReadString(nint handle, int size, delegate*<nint, byte*, uint, int> read, out string? text)
    {
        var buffer = stackalloc byte[size];
        var result = read(handle, buffer, (uint)size);
        text = result == NativeNvml.Success ? Terminated(buffer, size) : null;
        return result;
    }

    private static int ReadBusId(nint handle, out string? busId)
    {
        var result = NativeNvml.DeviceGetPciInfo(handle, out var pci);
        busId = result == NativeNvml.Success ? Terminated(pci.BusId, NvmlPciInfo.BusIdSize) : null;
        return result;
    }

    private static string Terminated(byte* buffer, int size)
    {
        var bytes = new ReadOnlySpan<byte>(buffer, size);
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static string ErrorText(int result)
    {
        var text = Marshal.PtrToStringUTF8(NativeNvml.ErrorString(result));
        return string.IsNullOrEmpty(text) ? $"NVML error {result}" : $"{text}, NVML error {result}";
    }
}
