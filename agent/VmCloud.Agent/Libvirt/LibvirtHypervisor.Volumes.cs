using System.Xml;
using System.Xml.Linq;
using VmCloud.Agent.Convergence;

namespace VmCloud.Agent.Libvirt;

/// <summary>The storage pool half of <see cref="LibvirtHypervisor"/>.</summary>
public sealed partial class LibvirtHypervisor
{
    private const ulong Gibibyte = 1UL << 30;

    // Pool types whose volumes are files, which can hold qcow2.
    private static readonly string[] FileBasedPoolTypes = ["dir", "fs", "netfs"];

    /// <inheritdoc/>
    public IReadOnlyList<PoolVolume> ListVolumes()
    {
        lock (gate)
        {
            using var pool = LookupPool(connection, poolName);
            // A real pool only sees files created behind libvirt's back after a refresh.
            if (NativeLibvirt.virStoragePoolRefresh(pool, 0) < 0)
            {
                throw LibvirtError.TakeLast().Failed($"refresh storage pool {poolName}");
            }

            var volumes = ListAllVolumes(pool);
            try
            {
                return volumes.Select(DescribeVolume).OfType<PoolVolume>().ToList();
            }
            finally
            {
                foreach (var volume in volumes)
                {
                    volume.Dispose();
                }
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Volumes grow, never shrink: a smaller capacity than the volume's is refused. New volumes are
    /// thin (allocation 0), in <see cref="VolumeFormat"/>. Deleting a volume that is not there does nothing.
    /// </remarks>
    public void ResizeVolume(string name, long capacityGiB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityGiB);
        lock (gate)
        {
            using var pool = LookupPool(connection, poolName);
            using var volume = LookupVolume(pool, name);
            var wanted = (ulong)capacityGiB * Gibibyte;
            if (volume is null)
            {
                if (capacityGiB > 0)
                {
                    CreateVolume(pool, name, wanted);
                }

                return;
            }

            if (capacityGiB == 0)
            {
                DeleteVolume(volume, name);
                return;
            }

            var current = VolumeInfo(volume, name).Capacity;
            if (current > wanted)
            {
                throw new HypervisorException(
                    $"volume {name} holds {current / (double)Gibibyte:0.##} GiB: shrinking it to {capacityGiB} GiB is refused, volumes only grow");
            }

            if (current < wanted)
            {
                GrowVolume(pool, volume, name, wanted);
            }
        }
    }

    private static StoragePoolHandle LookupPool(ConnectHandle connection, string poolName)
    {
        var pool = NativeLibvirt.virStoragePoolLookupByName(connection, poolName);
        if (pool.IsInvalid)
        {
            var error = LibvirtError.TakeLast();
            pool.Dispose();
            throw error.Failed($"find storage pool {poolName}");
        }

        return pool;
    }

    /// <summary>The pool's type and target path, from its XML.</summary>
    private static (bool FileBased, string TargetPath) ReadPool(StoragePoolHandle pool, string poolName)
    {
        var xml = NativeLibvirt.TakeString(NativeLibvirt.virStoragePoolGetXMLDesc(pool, 0))
            ?? throw LibvirtError.TakeLast().Failed($"read the XML of storage pool {poolName}");
        try
        {
            var root = XDocument.Parse(xml).Root;
            var type = (string?)root?.Attribute("type") ?? "";
            var path = root?.Element("target")?.Element("path")?.Value.Trim() ?? "";
            return (FileBasedPoolTypes.Contains(type), path);
        }
        catch (XmlException e)
        {
            throw new HypervisorException($"libvirt described storage pool {poolName} with invalid XML: {e.Message}", e);
        }
    }

    private static unsafe StorageVolHandle[] ListAllVolumes(StoragePoolHandle pool)
    {
        var count = NativeLibvirt.virStoragePoolListAllVolumes(pool, out var array, 0);
        if (count < 0)
        {
            throw LibvirtError.TakeLast().Failed("list the volumes of the storage pool");
        }

        try
        {
            var volumes = new StorageVolHandle[count];
            for (var i = 0; i < count; i++)
            {
                volumes[i] = StorageVolHandle.Own(((nint*)array)[i]);
            }

            return volumes;
        }
        finally
        {
            NativeLibvirt.FreeArray(array);
        }
    }

    /// <summary>The volume as <see cref="PoolVolume"/>, or null when it vanished since it was listed.</summary>
    private static PoolVolume? DescribeVolume(StorageVolHandle volume)
    {
        // Each call clears libvirt's last error, so the first failure stops the chain.
        string? name, path = null;
        if ((name = NativeLibvirt.PeekString(NativeLibvirt.virStorageVolGetName(volume))) is null
            || (path = NativeLibvirt.TakeString(NativeLibvirt.virStorageVolGetPath(volume))) is null
            || NativeLibvirt.virStorageVolGetInfo(volume, out var info) < 0)
        {
            var error = LibvirtError.TakeLast();
            return error.Code == NativeLibvirt.ErrNoStorageVol ? null : throw error.Failed($"read volume {name}");
        }

        return new PoolVolume(name, path, (long)((info.Capacity + Gibibyte - 1) / Gibibyte));
    }

    private static StorageVolHandle? LookupVolume(StoragePoolHandle pool, string name)
    {
        var volume = NativeLibvirt.virStorageVolLookupByName(pool, name);
        if (!volume.IsInvalid)
        {
            return volume;
        }

        volume.Dispose();
        var error = LibvirtError.TakeLast();
        return error.Code == NativeLibvirt.ErrNoStorageVol ? null : throw error.Failed($"look up volume {name}");
    }

    private static StorageVolInfo VolumeInfo(StorageVolHandle volume, string name) =>
        NativeLibvirt.virStorageVolGetInfo(volume, out var info) < 0
            ? throw LibvirtError.TakeLast().Failed($"read volume {name}")
            : info;

    private void CreateVolume(StoragePoolHandle pool, string name, ulong capacity)
    {
        var xml = new XElement("volume",
            new XElement("name", name),
            new XElement("capacity", new XAttribute("unit", "bytes"), capacity),
            new XElement("allocation", new XAttribute("unit", "bytes"), 0),
            VolumeFormat == "raw" ? null : new XElement("target", new XElement("format", new XAttribute("type", VolumeFormat))));
        using var volume = NativeLibvirt.virStorageVolCreateXML(pool, xml.ToString(SaveOptions.DisableFormatting), 0);
        if (volume.IsInvalid)
        {
            throw LibvirtError.TakeLast().Refused($"create volume {name} of {capacity / Gibibyte} GiB");
        }
    }

    private void GrowVolume(StoragePoolHandle pool, StorageVolHandle volume, string name, ulong capacity)
    {
        if (NativeLibvirt.virStorageVolResize(volume, capacity, 0) >= 0)
        {
            return;
        }

        var error = LibvirtError.TakeLast();
        if (error.Code == NativeLibvirt.ErrNoSupport && isTestDriver)
        {
            // The test driver cannot resize, and its volumes hold no data: a new, larger volume
            // is the same thing there. Never done on a real driver.
            DeleteVolume(volume, name);
            CreateVolume(pool, name, capacity);
            return;
        }

        throw error.Refused($"grow volume {name} to {capacity / Gibibyte} GiB");
    }

    private static void DeleteVolume(StorageVolHandle volume, string name)
    {
        if (NativeLibvirt.virStorageVolDelete(volume, 0) < 0)
        {
            throw LibvirtError.TakeLast().Refused($"delete volume {name}");
        }
    }
}
