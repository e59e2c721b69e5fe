using System.Runtime.InteropServices;

namespace VmCloud.Agent.Gpus;

/// <summary>
/// The few NVML calls the inventory needs, bound to the driver's <c>libnvidia-ml.so.1</c>.
/// The library is resolved on the first call: where it is absent that call throws
/// <see cref="DllNotFoundException"/>, which <see cref="NvmlSession"/> turns into "no GPUs".
/// </summary>
internal static unsafe partial class NativeNvml
{
    /// <summary>The soname the NVIDIA driver installs; the unversioned .so comes only with dev packages.</summary>
    public const string Library = "libnvidia-ml.so.1";

    /// <summary>NVML_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>NVML_ERROR_INSUFFICIENT_SIZE: a string did not fit the buffer.</summary>
    public const int InsufficientSize = 7;

    /// <summary>NVML_DEVICE_NAME_V2_BUFFER_SIZE.</summary>
    public const int NameBufferSize = 96;

    /// <summary>NVML_DEVICE_UUID_V2_BUFFER_SIZE.</summary>
    public const int UuidBufferSize = 96;

    [LibraryImport(Library, EntryPoint = "nvmlInit_v2")]
    public static partial int Init();

    [LibraryImport(Library, EntryPoint = "nvmlShutdown")]
    public static partial int Shutdown();

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetCount_v2")]
    public static partial int DeviceGetCount(out uint count);

    /// <summary>The handle is an opaque nvmlDevice_t pointer, valid until <see cref="Shutdown"/>.</summary>
    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    public static partial int DeviceGetHandleByIndex(uint index, out nint device);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetName")]
    public static partial int DeviceGetName(nint device, byte* name, uint length);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetUUID")]
    public static partial int DeviceGetUuid(nint device, byte* uuid, uint length);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetMemoryInfo")]
    public static partial int DeviceGetMemoryInfo(nint device, out NvmlMemory memory);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetPciInfo_v3")]
    public static partial int DeviceGetPciInfo(nint device, out NvmlPciInfo pci);

    /// <summary>A static string owned by NVML: read it, never free it (hence nint, not a string marshaller).</summary>
    [LibraryImport(Library, EntryPoint = "nvmlErrorString")]
    public static partial nint ErrorString(int result);
}

/// <summary>nvmlMemory_t (v1): three byte counts, in this order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlMemory
{
    public ulong Total;
    public ulong Free;
    public ulong Used;
}

/// <summary>
/// nvmlPciInfo_t as nvmlDeviceGetPciInfo_v3 fills it: 68 bytes. The legacy 16-byte bus id comes
/// first and the 32-byte one last, after five unsigned ints; reading the wrong one, or a layout
/// that omits pciSubSystemId, yields a truncated or shifted address.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NvmlPciInfo
{
    /// <summary>NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE.</summary>
    public const int LegacyBusIdSize = 16;

    /// <summary>NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE.</summary>
    public const int BusIdSize = 32;

    public fixed byte BusIdLegacy[LegacyBusIdSize];
    public uint Domain;
    public uint Bus;
    public uint Device;
    public uint PciDeviceId;
    public uint PciSubSystemId;

    /// <summary>e.g. "00000000:41:00.0": an eight-digit domain, upper-case hex, NUL-terminated.</summary>
    public fixed byte BusId[BusIdSize];
}
