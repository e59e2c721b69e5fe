using VmCloud.Api.V1Alpha1;

namespace VmCloud.Api.Agents;

/// <summary>
/// What one node must run, as the operator's agent hub computes it from the objects bound to the
/// node. The agent converges to it idempotently; <see cref="Revision"/> changes only when the
/// content does (or when the operator restarts), so an unchanged document costs nothing to poll.
/// </summary>
/// <param name="ProtocolVersion">Always <see cref="AgentProtocol.Version"/>.</param>
/// <param name="Node">The node this document is for.</param>
/// <param name="Revision">The operator store's revision at which this content was computed; the agent echoes it as <see cref="NodeReport.AppliedRevision"/>.</param>
/// <param name="Servers">Domains to realise: VirtualServers and GpuInstances bound to the node.</param>
/// <param name="Volumes">Storage pool volumes to realise on the node.</param>
/// <param name="Remove">UIDs whose domains and volumes must go: owners being deleted, or owners the operator confirmed gone (orphans).</param>
public sealed record DesiredDocument(
    int ProtocolVersion,
    string Node,
    long Revision,
    IReadOnlyList<DesiredServer> Servers,
    IReadOnlyList<DesiredVolume> Volumes,
    IReadOnlyList<string> Remove);

/// <summary>The owning object of a domain or a volume: written into its metadata and echoed in reports.</summary>
/// <param name="Uid">The object's uid; the domain's libvirt UUID and the key of everything on the node.</param>
/// <param name="Kind">VirtualServer, GpuInstance or Volume.</param>
/// <param name="Namespace">The tenant.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Generation">The spec generation this entry describes.</param>
public sealed record Owner(string Uid, string Kind, string Namespace, string Name, long Generation);

/// <summary>One domain to realise.</summary>
/// <param name="Owner">Whose domain it is.</param>
/// <param name="Plan">The catalogue plan.</param>
/// <param name="Vcpus">Virtual CPUs.</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="DiskGiB">The root disk's size in GiB.</param>
/// <param name="Image">The boot image name from the catalogue.</param>
/// <param name="PowerState">Running or Stopped.</param>
/// <param name="Hostname">Host name given by cloud-init (the object's name).</param>
/// <param name="SshKeys">Keys cloud-init installs for the default user.</param>
/// <param name="GpuPciAddresses">The node's GPUs allotted to the domain, passed through as hostdev.</param>
/// <param name="VolumeUids">Volumes attached as virtio disks, in this order.</param>
public sealed record DesiredServer(
    Owner Owner,
    string Plan,
    int Vcpus,
    int MemoryMiB,
    int DiskGiB,
    string Image,
    PowerState PowerState,
    string Hostname,
    IReadOnlyList<string> SshKeys,
    IReadOnlyList<string> GpuPciAddresses,
    IReadOnlyList<string> VolumeUids);

/// <summary>One storage pool volume to realise.</summary>
/// <param name="Owner">Whose volume it is.</param>
/// <param name="StorageClass">The catalogue storage class.</param>
/// <param name="SizeGiB">Size in GiB: volumes grow, never shrink.</param>
public sealed record DesiredVolume(Owner Owner, string StorageClass, int SizeGiB);
