using VmCloud.Agent.Convergence;

namespace VmCloud.Agent.Libvirt;

/// <summary>What the domain XML needs to know of the node, the same for every domain on it.</summary>
/// <param name="DomainType">The libvirt domain type: <c>kvm</c>, or <c>test</c> on the test driver.</param>
/// <param name="PoolPath">The storage pool's target path, where the volume files are.</param>
/// <param name="NetworkName">The libvirt network the NIC joins.</param>
/// <param name="SeedDirectory">Where the cloud-init seed images are written (<see cref="DomainNames.SeedFile"/>).</param>
/// <param name="DiskFormat">The volumes' format: <c>qcow2</c>, or <c>raw</c> on pools that cannot hold qcow2 (<see cref="LibvirtHypervisor.VolumeFormat"/>).</param>
public sealed record DomainHost(string DomainType, string PoolPath, string NetworkName, string SeedDirectory, string DiskFormat = "qcow2")
{
    /// <summary>The node's facts as the hypervisor reports them; seeds next to the volumes unless told otherwise.</summary>
    public static DomainHost For(HostFacts facts, string networkName, string? seedDirectory = null, string diskFormat = "qcow2") =>
        new(facts.DomainType, facts.PoolPath, networkName, seedDirectory ?? facts.PoolPath, diskFormat);

    /// <summary>The path of a pool volume, as a disk source.</summary>
    public string VolumePath(string volumeName) => Path.Join(PoolPath, volumeName);

    /// <summary>The path of a server's seed image.</summary>
    public string SeedPath(string uid) => Path.Join(SeedDirectory, DomainNames.SeedFile(uid));
}
