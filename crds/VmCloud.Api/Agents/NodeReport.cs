using System.Text.Json;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Api.Agents;

/// <summary>
/// An agent's registration: who it is and what its node has. Registering again (after a restart)
/// is harmless; staff-owned settings of the node (cordon, fence) are never overwritten.
/// </summary>
/// <param name="ProtocolVersion">Always <see cref="AgentProtocol.Version"/>.</param>
/// <param name="AgentVersion">The agent's version.</param>
/// <param name="Datacenter">The node's datacenter.</param>
/// <param name="Role">What the node serves.</param>
/// <param name="Inventory">CPUs, memory, storage and GPUs.</param>
public sealed record NodeRegistration(int ProtocolVersion, string AgentVersion, string Datacenter, NodeRole Role, NodeInventory Inventory);

/// <summary>What the operator answers to a registration.</summary>
/// <param name="ProtocolVersion">The protocol version the operator speaks.</param>
/// <param name="HeartbeatIntervalSeconds">How often the agent must report; the node goes Unknown after several missed reports.</param>
/// <param name="LongPollSeconds">How long the operator holds a desired-document request open when nothing changed.</param>
public sealed record RegistrationAccepted(int ProtocolVersion, int HeartbeatIntervalSeconds, int LongPollSeconds);

/// <summary>The node's hardware, as the agent reads it (libvirt node info, the storage pool, NVML or the GPU file).</summary>
/// <param name="Vcpus">Hardware threads.</param>
/// <param name="MemoryMiB">Physical memory in MiB.</param>
/// <param name="StorageGiB">Storage pool capacity in GiB.</param>
/// <param name="Gpus">The GPUs, mapped to catalogue models.</param>
/// <param name="GpuSource">Where the GPUs came from: nvml, file or none.</param>
/// <param name="GpuMessage">Why there are no GPUs when there are none (e.g. NVML absent), else null.</param>
public sealed record NodeInventory(int Vcpus, long MemoryMiB, long StorageGiB, IReadOnlyList<GpuDevice> Gpus, string GpuSource, string? GpuMessage);

/// <summary>
/// A heartbeat: inventory and the node's actual state. Idempotent: the operator keeps the latest
/// report of each agent session and ignores one whose <see cref="Sequence"/> is not newer.
/// </summary>
/// <param name="ProtocolVersion">Always <see cref="AgentProtocol.Version"/>.</param>
/// <param name="AgentVersion">The agent's version.</param>
/// <param name="Session">A random id per agent start: sequences restart with it.</param>
/// <param name="Sequence">Grows with every report of the session.</param>
/// <param name="AppliedRevision">The revision of the last desired document the agent converged to (0 before the first).</param>
/// <param name="Inventory">The node's hardware.</param>
/// <param name="Servers">Every domain the agent owns for a desired server, whether it exists or not.</param>
/// <param name="Volumes">Every desired volume, whether it exists or not.</param>
/// <param name="Orphans">Domains and volumes carrying vmcloud metadata whose owner is not in the desired document.</param>
/// <param name="Foreign">Domains without vmcloud metadata: never touched, only reported.</param>
/// <param name="ObservedAt">When the agent read this state (its clock); billing counts the hour it falls in.
/// Optional: the operator uses the time it received the report when absent, and never a time after that.</param>
public sealed record NodeReport(
    int ProtocolVersion,
    string AgentVersion,
    string Session,
    long Sequence,
    long AppliedRevision,
    NodeInventory Inventory,
    IReadOnlyList<ServerState> Servers,
    IReadOnlyList<VolumeState> Volumes,
    IReadOnlyList<Orphan> Orphans,
    IReadOnlyList<string> Foreign,
    DateTimeOffset? ObservedAt = null);

/// <summary>The actual state of one desired domain.</summary>
/// <param name="Uid">The owner's uid.</param>
/// <param name="Generation">The generation the domain realises (from its metadata), 0 when it does not exist.</param>
/// <param name="Exists">Whether the domain is defined.</param>
/// <param name="Running">Whether it runs.</param>
/// <param name="Addresses">IP addresses the hypervisor knows for it.</param>
/// <param name="Error">The last error converging it, in words, or null.</param>
public sealed record ServerState(string Uid, long Generation, bool Exists, bool Running, IReadOnlyList<string> Addresses, string? Error);

/// <summary>The actual state of one desired volume.</summary>
/// <param name="Uid">The owner's uid.</param>
/// <param name="Exists">Whether the pool holds it.</param>
/// <param name="AllocatedGiB">Its capacity in GiB.</param>
/// <param name="Error">The last error converging it, or null.</param>
public sealed record VolumeState(string Uid, bool Exists, long AllocatedGiB, string? Error);

/// <summary>Something on the node with vmcloud metadata that no desired entry owns.</summary>
/// <param name="Uid">The uid in its metadata.</param>
/// <param name="Kind">VirtualServer, GpuInstance or Volume, from its metadata.</param>
/// <param name="Name">The libvirt domain or volume name.</param>
public sealed record Orphan(string Uid, string Kind, string Name);

/// <summary>Constants of the agent protocol (docs/agent-protocol.md).</summary>
public static class AgentProtocol
{
    /// <summary>The protocol version both sides speak; a mismatch is refused with 400.</summary>
    public const int Version = 1;

    /// <summary>Where the protocol lives on the operator.</summary>
    public const string BasePath = "/agent/v1";

    /// <summary>
    /// The protocol's JSON: the API's shape, and strict about what is missing: a body that leaves out
    /// a field, or sends null where none is allowed, is refused rather than read as empty. Nulls are
    /// therefore written too (an absent field is an error, not a null).
    /// </summary>
    public static JsonSerializerOptions Json { get; } = new(ApiJson.Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The libvirt metadata namespace of vmcloud domains.</summary>
    public const string MetadataNamespace = "https://vmcloud.io/xmlns/domain/1";
}
