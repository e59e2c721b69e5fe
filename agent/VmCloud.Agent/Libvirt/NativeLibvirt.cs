using System.Runtime.InteropServices;

namespace VmCloud.Agent.Libvirt;

/// <summary>
/// The libvirt C API, as much of it as the agent uses. Strings go in as UTF-8. Strings libvirt
/// allocates for the caller come back as raw pointers so that <see cref="TakeString"/> can free
/// them; strings it keeps (names, error messages) are only copied.
/// </summary>
internal static partial class NativeLibvirt
{
    private const string Library = "libvirt.so.0";

    internal const int UuidStringLength = 37;

    internal const int ErrNoSupport = 3;
    internal const int ErrInvalidArg = 8;
    internal const int ErrNoDomain = 42;
    internal const int ErrNoStorageVol = 50;

    internal const int DomainShutoff = 5;

    internal const uint UndefineManagedSave = 1;
    internal const uint UndefineSnapshotsMetadata = 2;
    internal const uint UndefineNvram = 4;
    internal const uint UndefineCheckpointsMetadata = 16;

    internal const uint AddressesSourceLease = 0;
    internal const uint AddressesSourceAgent = 1;
    internal const uint AddressesSourceArp = 2;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ConnectHandle virConnectOpen(string uri);

    [LibraryImport(Library)]
    internal static partial int virConnectClose(nint conn);

    [LibraryImport(Library)]
    internal static partial nint virConnectGetType(ConnectHandle conn);

    [LibraryImport(Library)]
    internal static partial int virNodeGetInfo(ConnectHandle conn, out NodeInfo info);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllDomains(ConnectHandle conn, out nint domains, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainLookupByUUIDString(ConnectHandle conn, string uuid);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainDefineXML(ConnectHandle conn, string xml);

    [LibraryImport(Library)]
    internal static unsafe partial int virDomainGetUUIDString(DomainHandle domain, byte* buffer);

    [LibraryImport(Library)]
    internal static partial nint virDomainGetName(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainGetState(DomainHandle domain, out int state, out int reason, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virDomainGetXMLDesc(DomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainCreate(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainShutdown(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainDestroy(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainUndefineFlags(DomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainInterfaceAddresses(DomainHandle domain, out nint interfaces, uint source, uint flags);

    [LibraryImport(Library)]
    internal static partial void virDomainInterfaceFree(nint iface);

    [LibraryImport(Library)]
    internal static partial int virDomainFree(nint domain);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StoragePoolHandle virStoragePoolLookupByName(ConnectHandle conn, string name);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolGetInfo(StoragePoolHandle pool, out StoragePoolInfo info);

    [LibraryImport(Library)]
    internal static partial nint virStoragePoolGetXMLDesc(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolRefresh(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolListAllVolumes(StoragePoolHandle pool, out nint volumes, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolFree(nint pool);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolHandle virStorageVolLookupByName(StoragePoolHandle pool, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolHandle virStorageVolCreateXML(StoragePoolHandle pool, string xml, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virStorageVolGetName(StorageVolHandle volume);

    [LibraryImport(Library)]
    internal static partial nint virStorageVolGetPath(StorageVolHandle volume);

    [LibraryImport(Library)]
    internal static partial int virStorageVolGetInfo(StorageVolHandle volume, out StorageVolInfo info);

    [LibraryImport(Library)]
    internal static partial int virStorageVolResize(StorageVolHandle volume, ulong capacity, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStorageVolDelete(StorageVolHandle volume, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStorageVolFree(nint volume);

    [LibraryImport(Library)]
    internal static partial nint virGetLastError();

    [LibraryImport(Library)]
    internal static partial void virResetLastError();

    [LibraryImport(Library)]
    internal static unsafe partial void virSetErrorFunc(nint userData, delegate* unmanaged<nint, nint, void> handler);

    /// <summary>Copies a string libvirt keeps (a name, an error message); null stays null.</summary>
    internal static string? PeekString(nint pointer) => pointer == 0 ? null : Marshal.PtrToStringUTF8(pointer);

    /// <summary>Copies a string libvirt allocated for the caller and frees it (libvirt allocates with malloc).</summary>
    internal static unsafe string? TakeString(nint pointer)
    {
        if (pointer == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointer);
        }
        finally
        {
            NativeMemory.Free((void*)pointer);
        }
    }

    /// <summary>Frees an array libvirt allocated for the caller (its elements are freed by their owners).</summary>
    internal static unsafe void FreeArray(nint array)
    {
        if (array != 0)
        {
            NativeMemory.Free((void*)array);
        }
    }
}
