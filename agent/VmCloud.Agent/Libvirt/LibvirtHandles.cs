using Microsoft.Win32.SafeHandles;

namespace VmCloud.Agent.Libvirt;

/// <summary>A <c>virConnectPtr</c>, closed when released.</summary>
internal sealed class ConnectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ConnectHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => NativeLibvirt.virConnectClose(handle) >= 0;
}

/// <summary>A <c>virDomainPtr</c>, freed when released (the domain itself stays).</summary>
internal sealed class DomainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DomainHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of one element of an array libvirt returned.</summary>
    internal static DomainHandle Own(nint pointer)
    {
        var owned = new DomainHandle();
        owned.SetHandle(pointer);
        return owned;
    }

    protected override bool ReleaseHandle() => NativeLibvirt.virDomainFree(handle) >= 0;
}

/// <summary>A <c>virStoragePoolPtr</c>, freed when released.</summary>
internal sealed class StoragePoolHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public StoragePoolHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => NativeLibvirt.virStoragePoolFree(handle) >= 0;
}

/// <summary>A <c>virStorageVolPtr</c>, freed when released (the volume itself stays).</summary>
internal sealed class StorageVolHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public StorageVolHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of one element of an array libvirt returned.</summary>
    internal static StorageVolHandle Own(nint pointer)
    {
        var owned = new StorageVolHandle();
        owned.SetHandle(pointer);
        return owned;
    }

    protected override bool ReleaseHandle() => NativeLibvirt.virStorageVolFree(handle) >= 0;
}
