using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmCloud.Agent.Libvirt;

/// <summary><c>virNodeInfo</c>: <c>memory</c> is a C <c>unsigned long</c> in KiB.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NodeInfo
{
    public ModelName Model;
    public CULong MemoryKiB;
    public uint Cpus;
    public uint Mhz;
    public uint Nodes;
    public uint Sockets;
    public uint Cores;
    public uint Threads;
}

/// <summary>The 32 bytes of <c>virNodeInfo.model</c>.</summary>
[InlineArray(32)]
internal struct ModelName
{
    private byte first;
}

/// <summary><c>virStoragePoolInfo</c>, sizes in bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct StoragePoolInfo
{
    public int State;
    public ulong Capacity;
    public ulong Allocation;
    public ulong Available;
}

/// <summary><c>virStorageVolInfo</c>, sizes in bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct StorageVolInfo
{
    public int Type;
    public ulong Capacity;
    public ulong Allocation;
}

/// <summary>The leading fields of <c>virError</c> (libvirt owns the struct; only these are read).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ErrorHead
{
    public int Code;
    public int Domain;
    public nint Message;
}

/// <summary><c>virDomainInterface</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DomainInterface
{
    public nint Name;
    public nint HardwareAddress;
    public uint AddressCount;
    public nint Addresses;
}

/// <summary><c>virDomainIPAddress</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DomainIpAddress
{
    public int Type;
    public nint Address;
    public uint Prefix;
}
