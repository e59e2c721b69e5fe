using System.Runtime.InteropServices;

namespace VmCloud.Core.Manifests;

/// <summary>
/// What .NET does not tell about files, asked of the C library: whether a path is a regular file
/// (.NET reports FIFOs and devices as ordinary files, and opening a FIFO blocks until a writer
/// comes), and where a path really leads once every link along it is resolved.
/// </summary>
internal static partial class NativeFiles
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

    /// <summary>
    /// The absolute path with every symbolic link resolved, in the file and in every directory on the
    /// way (a check of the file's own link alone is fooled by a linked directory); null if it does not exist.
    /// </summary>
    public static string? RealPath(string path)
    {
        if (!OperatingSystem.IsLinux())
            return File.Exists(path) || Directory.Exists(path) ? Path.GetFullPath(path) : null;
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
