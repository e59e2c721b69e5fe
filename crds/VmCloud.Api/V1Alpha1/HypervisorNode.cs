using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>A physical server of the fleet, run by one vmcloud-agent.</summary>
[Description("HypervisorNode is a physical server of the fleet with its vmcloud-agent. Staff set cordon and fence in spec; the agent reports capacity and health in status.")]
[CustomResource("hypervisornodes", "hvnode", Namespaced = false)]
[PrinterColumn("DATACENTER", ".spec.datacenter")]
[PrinterColumn("ROLE", ".spec.role")]
[PrinterColumn("VCPUS", ".status.capacity.vcpus", "integer")]
[PrinterColumn("GPUS", ".status.gpus[*].model", Priority = 1)]
[PrinterColumn("UNSCHEDULABLE", ".spec.unschedulable", "boolean")]
[PrinterColumn("PHASE", ".status.phase")]
[PrinterColumn("READY", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("AGE", ".metadata.creationTimestamp", "date")]
public sealed record HypervisorNode : CustomResource<HypervisorNodeSpec, HypervisorNodeStatus>
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = nameof(HypervisorNode);
}

/// <summary>Staff-owned settings of a node.</summary>
public sealed record HypervisorNodeSpec
{
    /// <summary>Where the node is.</summary>
    [Required]
    [Description("Datacenter code of the node.")]
    [RegularExpression(Patterns.Datacenter)]
    public string Datacenter { get; init; } = "";

    /// <summary>What the node serves.</summary>
    [Required]
    [Description("What the node serves: compute (VPS and volumes), gpu (GPU instances), lb (HAProxy) or cdn (nginx).")]
    public NodeRole Role { get; init; }

    /// <summary>Cordon: nothing new is placed here.</summary>
    [Description("Cordon: when true nothing new is scheduled onto the node; what runs there stays.")]
    public bool Unschedulable { get; init; }

    /// <summary>Staff confirm the node is powered off, so its servers may be placed elsewhere.</summary>
    [Description("Fence: staff confirm the node is powered off or isolated, so its servers may be rescheduled elsewhere without risk of two copies.")]
    public bool Fenced { get; init; }
}

/// <summary>What a node serves.</summary>
public enum NodeRole
{
    /// <summary>VirtualServers and Volumes.</summary>
    Compute,

    /// <summary>GpuInstances (and their volumes).</summary>
    Gpu,

    /// <summary>LoadBalancers, by HAProxy.</summary>
    Lb,

    /// <summary>CdnDistributions, by nginx.</summary>
    Cdn,
}

/// <summary>What the node's agent reports.</summary>
public sealed record HypervisorNodeStatus : ResourceStatus
{
    /// <summary>Physical capacity.</summary>
    [Description("Physical capacity of the node as reported by its agent.")]
    public NodeCapacity Capacity { get; init; } = new();

    /// <summary>The GPUs of the node.</summary>
    [Description("The GPUs of the node, from NVML or the node's GPU declaration file.")]
    [MaxLength(64)]
    public IReadOnlyList<GpuDevice> Gpus { get; init; } = [];

    /// <summary>The agent's last heartbeat.</summary>
    [Description("When the node's agent last reported. Ready goes Unknown when this is too old.")]
    public DateTimeOffset? LastHeartbeatTime { get; init; }

    /// <summary>The agent's version.</summary>
    [Description("Version of the vmcloud-agent on the node.")]
    [MaxLength(64)]
    public string? AgentVersion { get; init; }

    /// <summary>vmcloud domains and volumes on the node that no object owns.</summary>
    [Description("Domains and volumes carrying vmcloud metadata whose owner is not bound to this node. Removed once the operator confirms the owner is gone; reported otherwise.")]
    [MaxLength(10000)]
    public IReadOnlyList<OrphanedResource> Orphans { get; init; } = [];

    /// <summary>Domains vmcloud did not create.</summary>
    [Description("Names of libvirt domains without vmcloud metadata. They are never touched, only reported.")]
    [MaxLength(10000)]
    public IReadOnlyList<string> ForeignDomains { get; init; } = [];
}

/// <summary>A domain or volume with vmcloud metadata that no object bound to the node owns.</summary>
public sealed record OrphanedResource
{
    /// <summary>The owner's uid, from the metadata.</summary>
    [Required]
    [Description("The uid of the object that owned it.")]
    [MaxLength(64)]
    public string Uid { get; init; } = "";

    /// <summary>VirtualServer, GpuInstance or Volume.</summary>
    [Description("The kind of the object that owned it.")]
    [MaxLength(64)]
    public string? Kind { get; init; }

    /// <summary>The libvirt name.</summary>
    [Description("The libvirt domain or volume name.")]
    [MaxLength(253)]
    public string? Name { get; init; }
}

/// <summary>The physical capacity of a node.</summary>
public sealed record NodeCapacity
{
    /// <summary>Hardware threads, before overcommit.</summary>
    [Description("Hardware threads (vCPUs before overcommit).")]
    [Range(0, 100000)]
    public int Vcpus { get; init; }

    /// <summary>Physical memory.</summary>
    [Description("Physical memory in GiB.")]
    [Range(0, 1000000)]
    public int MemoryGiB { get; init; }

    /// <summary>Local NVMe storage pool size.</summary>
    [Description("Size of the local NVMe storage pool in GiB.")]
    [Range(0, 100000000)]
    public int StorageGiB { get; init; }
}

/// <summary>One GPU of a node.</summary>
public sealed record GpuDevice
{
    /// <summary>The catalogue model, e.g. A100-80GB.</summary>
    [Required]
    [Description("Catalogue GPU model, e.g. T4, RTX-4090, A100-40GB or A100-80GB.")]
    [RegularExpression(Patterns.GpuModel)]
    public string Model { get; init; } = "";

    /// <summary>The NVML UUID.</summary>
    [Description("Device UUID as NVML reports it, e.g. GPU-5f3c....")]
    [MaxLength(96)]
    public string? Uuid { get; init; }

    /// <summary>The PCI address used for passthrough.</summary>
    [Required]
    [Description("PCI address used for passthrough, domain:bus:slot.function, e.g. 0000:41:00.0.")]
    [RegularExpression("^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]$")]
    public string PciAddress { get; init; } = "";
}
