using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>A virtual private server on an AMD EPYC node, sized by a VPS plan.</summary>
[Description("VirtualServer is a virtual private server (VPS) sized by a catalogue plan, placed on a compute node of a datacenter.")]
[CustomResource("virtualservers", "vps")]
[PrinterColumn("PLAN", ".spec.plan")]
[PrinterColumn("DATACENTER", ".spec.datacenter")]
[PrinterColumn("NODE", ".status.nodeName")]
[PrinterColumn("PHASE", ".status.phase")]
[PrinterColumn("READY", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("IMAGE", ".spec.image", Priority = 1)]
[PrinterColumn("AGE", ".metadata.creationTimestamp", "date")]
public sealed record VirtualServer : CustomResource<VirtualServerSpec, ServerStatus>, IServer
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = nameof(VirtualServer);

    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public ServerSpec ServerSpec => Spec;
}

/// <summary>Desired state of a <see cref="VirtualServer"/>.</summary>
public sealed record VirtualServerSpec : ServerSpec
{
    /// <summary>The catalogue plan, which fixes vCPUs, memory, disk and price.</summary>
    [Required]
    [Description("Catalogue plan, which fixes vCPUs, memory, included NVMe disk, bandwidth and the monthly price.")]
    [AllowedValues("VPS-NANO", "VPS-STARTER", "VPS-PERFORMANCE", "VPS-BUSINESS",
        "VPS-ENTERPRISE", "VPS-ELITE", "VPS-TITANIUM", "VPS-QUANTUM")]
    public override string Plan { get; init; } = "";

    /// <summary>The operating system image from the catalogue.</summary>
    [Required]
    [Description("Operating system image from the catalogue. Custom images are not available.")]
    [AllowedValues("ubuntu-20.04", "ubuntu-22.04", "ubuntu-24.04", "debian-11", "debian-12",
        "rocky-8", "rocky-9", "almalinux-8", "almalinux-9", "centos-stream-8", "centos-stream-9",
        "fedora-39", "fedora-40", "opensuse-leap-15", "archlinux",
        "windows-server-2019", "windows-server-2022")]
    public override string Image { get; init; } = "";

    /// <summary>Servers sharing a spread group are placed on different nodes.</summary>
    [Description("Anti-affinity group: servers of the same namespace with the same group are placed on different nodes.")]
    [RegularExpression(Patterns.DnsLabel)]
    public string? SpreadGroup { get; init; }
}

/// <summary>Desired power state of a server.</summary>
public enum PowerState
{
    /// <summary>Powered on.</summary>
    Running,

    /// <summary>Shut off, disks kept.</summary>
    Stopped,
}

/// <summary>Observed state of a VirtualServer or GpuInstance.</summary>
public sealed record ServerStatus : ResourceStatus
{
    /// <summary>The node the server is bound to; written before any agent acts.</summary>
    [Description("The HypervisorNode the server is bound to. Written by the scheduler before any agent acts.")]
    public string? NodeName { get; init; }

    /// <summary>IP addresses reported by the node agent.</summary>
    [Description("IP addresses of the server, as reported by its node agent.")]
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>PCI addresses of the GPUs passed through to the server, if any.</summary>
    [Description("PCI addresses of the GPUs passed through to the server on its node.")]
    public IReadOnlyList<string> Gpus { get; init; } = [];
}
