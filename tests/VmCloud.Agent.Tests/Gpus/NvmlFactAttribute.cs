using System.Runtime.InteropServices;
using VmCloud.Agent.Gpus;

namespace VmCloud.Agent.Tests.Gpus;

/// <summary>A fact that runs only where the NVIDIA driver's NVML library can be loaded.</summary>
public sealed class NvmlFactAttribute : FactAttribute
{
    public NvmlFactAttribute()
    {
        if (!NvmlLibrary.CanLoad)
            Skip = $"{NativeNvml.Library} cannot be loaded on this machine (no NVIDIA driver).";
    }
}

/// <summary>A fact that runs only where NVML is absent, the case every CI machine without a GPU is in.</summary>
public sealed class NoNvmlFactAttribute : FactAttribute
{
    public NoNvmlFactAttribute()
    {
        if (NvmlLibrary.CanLoad)
            Skip = $"{NativeNvml.Library} is installed here; the absent-library path cannot be observed.";
    }
}

internal static class NvmlLibrary
{
    /// <summary>Whether the loader finds the library, by the same name the bindings use.</summary>
    public static bool CanLoad { get; } = Probe();

    private static bool Probe()
    {
        if (!NativeLibrary.TryLoad(NativeNvml.Library, out var handle))
            return false;
        NativeLibrary.Free(handle);
        return true;
    }
}
