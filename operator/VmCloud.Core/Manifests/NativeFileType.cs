using System.Runtime.InteropServices;

namespace VmCloud.Core.Manifests;

/// <summary>
/// Whether a path is a regular file, from stat(2). .NET reports FIFOs and devices as ordinary files,
/// and opening a FIFO blocks until a writer comes, so the reader must ask the kernel first.
/// </summary>
internal static partial class NativeFileType
{
    private const uint TypeMask = 0xF000; // S_IFMT
    private const uint Regular = 0x8000;  // S_IFREG

    /// <summary>True for a regular file (after following links); also true where stat cannot be asked.</summary>
    public static bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux()) return true;
        // struct stat puts st_mode after st_dev, st_ino and st_nlink on x86-64, after st_dev and st_ino on arm64.
        var modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (modeOffset < 0) return true;
        var buffer = new byte[256];
        if (Stat(path, buffer) != 0) return false;
        return (BitConverter.ToUInt32(buffer, modeOffset) & TypeMask) == Regular;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, [Out] byte[] buffer);
}
