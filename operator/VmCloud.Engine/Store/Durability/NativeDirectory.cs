using System.Runtime.InteropServices;

namespace VmCloud.Engine.Store.Durability;

/// <summary>
/// Flushes a directory's entries to disk, so a file just created or renamed survives a power loss.
/// .NET cannot open a directory, hence libc. Windows has no such call (NTFS journals its metadata).
/// </summary>
internal static partial class NativeDirectory
{
    public static void Sync(string path)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())) return;
        var descriptor = Open(path, 0);
        if (descriptor < 0) throw new IOException($"cannot open directory {path} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(descriptor) != 0) throw new IOException($"cannot flush directory {path} (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // LibraryImport would need unsafe code in this project; these signatures marshal nothing but a string.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
