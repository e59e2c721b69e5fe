using System.Runtime.InteropServices;
using VmCloud.Agent.Convergence;

namespace VmCloud.Agent.Libvirt;

/// <summary>
/// libvirt's last error on this thread. libvirt keeps errors thread-local, so this must be read
/// on the thread of the failing call, right after it, before any other libvirt call.
/// </summary>
/// <param name="Code">The <c>virErrorNumber</c>.</param>
/// <param name="Message">libvirt's own message.</param>
internal readonly record struct LibvirtError(int Code, string Message)
{
    /// <summary>Reads and clears the calling thread's last error.</summary>
    internal static unsafe LibvirtError TakeLast()
    {
        var pointer = NativeLibvirt.virGetLastError();
        if (pointer == 0)
        {
            return new LibvirtError(0, "libvirt gave no reason");
        }

        var head = *(ErrorHead*)pointer;
        var message = NativeLibvirt.PeekString(head.Message) ?? $"libvirt error {head.Code}";
        NativeLibvirt.virResetLastError();
        return new LibvirtError(head.Code, message);
    }

    /// <summary>The failure as a status-condition sentence: "libvirt refused to {act}: {message}".</summary>
    internal HypervisorException Refused(string act) => new($"libvirt refused to {act}: {Message}");

    /// <summary>A failed read as a status-condition sentence: "libvirt could not {act}: {message}".</summary>
    internal HypervisorException Failed(string act) => new($"libvirt could not {act}: {Message}");

    /// <summary>
    /// Stops libvirt from printing every error on stderr (its default handler): the agent reports
    /// errors itself, through <see cref="TakeLast"/>. Setting the same handler again is harmless.
    /// </summary>
    internal static unsafe void SilenceDefaultHandler() => NativeLibvirt.virSetErrorFunc(0, &Ignore);

    [UnmanagedCallersOnly]
    private static void Ignore(nint userData, nint error)
    {
    }
}
