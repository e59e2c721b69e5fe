using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>A block volume in a storage class, billed per GiB-month.</summary>
[Description("Volume is a block storage volume of a catalogue storage class, attachable to one server of the same namespace and datacenter.")]
[CustomResource("volumes", "vol")]
[PrinterColumn("CLASS", ".spec.class")]
[PrinterColumn("SIZE", ".spec.sizeGiB", "integer")]
[PrinterColumn("DATACENTER", ".spec.datacenter")]
[PrinterColumn("ATTACHED", ".spec.attachTo")]
[PrinterColumn("PHASE", ".status.phase")]
[PrinterColumn("READY", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("AGE", ".metadata.creationTimestamp", "date")]
public sealed record Volume : CustomResource<VolumeSpec, VolumeStatus>
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = nameof(Volume);
}

/// <summary>Desired state of a <see cref="Volume"/>.</summary>
public sealed record VolumeSpec
{
    /// <summary>The catalogue storage class, which fixes performance and price.</summary>
    [Required]
    [Description("Catalogue storage class, which fixes IOPS, latency and the price per GiB-month.")]
    [AllowedValues("STORAGE-SSD", "STORAGE-NVME", "STORAGE-EXTREME", "STORAGE-DEDICATED")]
    public string Class { get; init; } = "";

    /// <summary>Size in GiB; it can grow, never shrink.</summary>
    [Required]
    [Description("Size in GiB. A volume can be grown, never shrunk.")]
    [Range(1, 65536)]
    public int SizeGiB { get; init; }

    /// <summary>Where the volume lives.</summary>
    [Required]
    [Description("Datacenter code; the volume can only attach to servers of the same datacenter.")]
    [RegularExpression(Patterns.Datacenter)]
    public string Datacenter { get; init; } = "";

    /// <summary>The server the volume is attached to.</summary>
    [Description("Name of the VirtualServer or GpuInstance of the same namespace this volume is attached to.")]
    [RegularExpression(Patterns.DnsLabel)]
    public string? AttachTo { get; init; }
}

/// <summary>Observed state of a <see cref="Volume"/>.</summary>
public sealed record VolumeStatus : ResourceStatus
{
    /// <summary>The node holding the volume.</summary>
    [Description("The HypervisorNode whose storage pool holds the volume.")]
    public string? NodeName { get; init; }

    /// <summary>The size actually allocated.</summary>
    [Description("The size in GiB actually allocated in the storage pool.")]
    [Range(0, int.MaxValue)]
    public int AllocatedGiB { get; init; }
}
