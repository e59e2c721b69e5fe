using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>
/// What VirtualServers and GpuInstances share: where they run, how to log in, power and disks.
/// Their plans and images differ and are declared by each kind.
/// </summary>
public abstract record ServerSpec
{
    /// <summary>The catalogue plan.</summary>
    public abstract string Plan { get; init; }

    /// <summary>The boot image.</summary>
    public abstract string Image { get; init; }

    /// <summary>Where the server runs.</summary>
    [Required]
    [Description("Datacenter code, e.g. PAR-1 or AMS-1. Datacenters in maintenance accept no new servers; GPU plans need a datacenter with their GPU model.")]
    [RegularExpression(Patterns.Datacenter)]
    public string Datacenter { get; init; } = "";

    /// <summary>Keys written to the server's authorized_keys at first boot.</summary>
    [Description("OpenSSH public keys installed for the default user at first boot.")]
    [MaxLength(32)]
    [RegularExpression(Patterns.SshPublicKey)]
    public IReadOnlyList<string> SshKeys { get; init; } = [];

    /// <summary>Whether the server should be running.</summary>
    [Description("Running keeps the server powered on; Stopped shuts it down but keeps its disks (still billed).")]
    [DefaultValue(PowerState.Running)]
    public PowerState PowerState { get; init; } = PowerState.Running;

    /// <summary>Extra block volumes, by name, in the same tenant and datacenter.</summary>
    [Description("Names of Volumes in the same namespace and datacenter, attached as virtio disks in this order.")]
    [MaxLength(16)]
    [RegularExpression(Patterns.DnsLabel)]
    public IReadOnlyList<string> Volumes { get; init; } = [];
}

/// <summary>A VirtualServer or a GpuInstance: what the scheduler places and an agent runs as a domain.</summary>
public interface IServer
{
    /// <summary>The object's metadata.</summary>
    ObjectMeta Metadata { get; }

    /// <summary>The shared part of the spec.</summary>
    ServerSpec ServerSpec { get; }

    /// <summary>The observed state.</summary>
    ServerStatus? Status { get; }
}
