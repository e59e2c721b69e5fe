namespace VmCloud.Agent.Convergence;

/// <summary>
/// The node's hypervisor as the converger needs it: what is there, and the few acts that change it.
/// libvirt is the one implementation (<c>qemu:///system</c> in production, the test driver in tests
/// and the hollow fleet). Every method throws <see cref="HypervisorException"/> with the
/// hypervisor's own message when it refuses.
/// </summary>
public interface IHypervisor : IDisposable
{
    /// <summary>CPUs and memory of the host, and the storage pool's capacity and path.</summary>
    HostFacts ReadHost();

    /// <summary>Every domain defined on the host, vmcloud's or not.</summary>
    IReadOnlyList<DomainObservation> ListDomains();

    /// <summary>Defines a domain from its XML, or redefines it when one with the same UUID exists (effective at its next start).</summary>
    void DefineDomain(string domainXml);

    /// <summary>Starts, shuts down (ACPI) or destroys (powers off) the domain with this UUID.</summary>
    void SetPower(string uuid, PowerAction action);

    /// <summary>Undefines the domain with this UUID (it must be shut off).</summary>
    void UndefineDomain(string uuid);

    /// <summary>Every volume of the storage pool, vmcloud's or not.</summary>
    IReadOnlyList<PoolVolume> ListVolumes();

    /// <summary>Creates the volume with this capacity, or grows it when it is smaller; <paramref name="capacityGiB"/> 0 deletes it.</summary>
    void ResizeVolume(string name, long capacityGiB);
}

/// <summary>A power transition of a domain.</summary>
public enum PowerAction
{
    /// <summary>Boot it.</summary>
    Start,

    /// <summary>Ask the guest to power off (ACPI).</summary>
    Shutdown,

    /// <summary>Power it off at once.</summary>
    Destroy,
}

/// <summary>The host as the hypervisor reports it.</summary>
/// <param name="Cpus">Hardware threads.</param>
/// <param name="MemoryMiB">Physical memory.</param>
/// <param name="PoolCapacityGiB">The storage pool's capacity.</param>
/// <param name="PoolPath">The pool's target path, where volume files live.</param>
/// <param name="DomainType">The libvirt domain type this host runs (kvm, or test for the test driver).</param>
public sealed record HostFacts(int Cpus, long MemoryMiB, long PoolCapacityGiB, string PoolPath, string DomainType);

/// <summary>One domain as found on the host, read from its live XML.</summary>
/// <param name="Uuid">The libvirt UUID (the owner's uid for vmcloud domains).</param>
/// <param name="Name">The domain name.</param>
/// <param name="Running">Whether it is running (or paused): anything but shut off.</param>
/// <param name="Owner">The vmcloud metadata, or null for a domain vmcloud did not create.</param>
/// <param name="Vcpus">Configured vCPUs.</param>
/// <param name="MemoryMiB">Configured memory.</param>
/// <param name="DiskSources">Source paths of its disks, in target order.</param>
/// <param name="HostdevPciAddresses">PCI addresses of its passed-through devices.</param>
/// <param name="Addresses">IP addresses the hypervisor knows for it.</param>
public sealed record DomainObservation(
    string Uuid,
    string Name,
    bool Running,
    DomainOwner? Owner,
    int Vcpus,
    long MemoryMiB,
    IReadOnlyList<string> DiskSources,
    IReadOnlyList<string> HostdevPciAddresses,
    IReadOnlyList<string> Addresses);

/// <summary>The vmcloud metadata of a domain.</summary>
/// <param name="Uid">The owning object's uid.</param>
/// <param name="Kind">VirtualServer or GpuInstance.</param>
/// <param name="Namespace">The tenant.</param>
/// <param name="Name">The owning object's name.</param>
/// <param name="Generation">The generation the domain was defined for.</param>
public sealed record DomainOwner(string Uid, string Kind, string Namespace, string Name, long Generation);

/// <summary>One storage pool volume.</summary>
/// <param name="Name">The volume name.</param>
/// <param name="Path">Its path, as a disk source.</param>
/// <param name="CapacityGiB">Its capacity, rounded up.</param>
public sealed record PoolVolume(string Name, string Path, long CapacityGiB);

/// <summary>The hypervisor refused an act: its message, made for a status condition.</summary>
public sealed class HypervisorException(string message, Exception? inner = null) : Exception(message, inner);
