using VmCloud.Agent.Convergence;
using VmCloud.Agent.Libvirt;
using VmCloud.Api.Agents;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>
/// One node of libvirt's test driver with its own node file, so tests never share state (all
/// connections to <c>test:///default</c> in a process would).
/// </summary>
internal sealed class SimulatedNode : IDisposable
{
    public static readonly TestNodeSpec Epyc = new(
        "par1-c01", Sockets: 2, CoresPerSocket: 32, ThreadsPerCore: 2, MemoryMiB: 512 * 1024, PoolCapacityGiB: 3840, PoolPath: "/var/lib/vmcloud/pool");

    private readonly string directory;

    public SimulatedNode(TestNodeSpec? spec = null, string directoryPrefix = "vmcloud-node-")
    {
        directory = Directory.CreateTempSubdirectory(directoryPrefix).FullName;
        Spec = spec ?? Epyc;
        Uri = TestDriverNode.Write(Spec, directory);
        Hypervisor = LibvirtHypervisor.Open(Uri, Spec.PoolName);
        Host = DomainHost.For(Hypervisor.ReadHost(), Spec.NetworkName, diskFormat: Hypervisor.VolumeFormat);
    }

    public TestNodeSpec Spec { get; }

    public string Uri { get; }

    public LibvirtHypervisor Hypervisor { get; }

    public DomainHost Host { get; }

    /// <summary>Defines the server's domain as the converger would, and returns its uid.</summary>
    public string Define(DesiredServer server)
    {
        Hypervisor.DefineDomain(DomainXml.Render(server, Host));
        return server.Owner.Uid;
    }

    /// <summary>The listed domain with this UUID, or null.</summary>
    public DomainObservation? Find(string uuid) => Hypervisor.ListDomains().SingleOrDefault(d => d.Uuid == uuid);

    public DomainObservation Get(string uuid) => Find(uuid) ?? throw new InvalidOperationException($"domain {uuid} is not listed");

    public void Dispose()
    {
        Hypervisor.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
