using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>A virtual machine with whole GPUs passed through, sized by a GPU plan.</summary>
[Description("GpuInstance is a virtual machine with whole NVIDIA GPUs passed through, sized by a catalogue GPU plan.")]
[CustomResource("gpuinstances", "gpu")]
[PrinterColumn("PLAN", ".spec.plan")]
[PrinterColumn("DATACENTER", ".spec.datacenter")]
[PrinterColumn("NODE", ".status.nodeName")]
[PrinterColumn("PHASE", ".status.phase")]
[PrinterColumn("READY", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("IMAGE", ".spec.image", Priority = 1)]
[PrinterColumn("AGE", ".metadata.creationTimestamp", "date")]
public sealed record GpuInstance : CustomResource<GpuInstanceSpec, ServerStatus>
{
    /// <inheritdoc />
    public override string Kind { get; init; } = nameof(GpuInstance);
}

/// <summary>Desired state of a <see cref="GpuInstance"/>.</summary>
public sealed record GpuInstanceSpec
{
    /// <summary>The catalogue plan, which fixes the GPU model and count, vCPUs, memory and price.</summary>
    [Required]
    [Description("Catalogue GPU plan, which fixes the GPU model and count, vCPUs, memory, disk and the hourly and monthly price.")]
    [AllowedValues("GPU-STARTER", "GPU-PRO", "GPU-BUSINESS", "GPU-ENTERPRISE",
        "GPU-QUANTUM", "GPU-TITAN", "GPU-CLUSTER", "GPU-SUPERCOMPUTE")]
    public string Plan { get; init; } = "";

    /// <summary>The GPU software stack image.</summary>
    [Required]
    [Description("GPU software stack image: the OS with NVIDIA driver, CUDA, cuDNN, TensorRT, PyTorch, TensorFlow, JAX and Docker with the NVIDIA Container Toolkit.")]
    [AllowedValues("gpu-ubuntu-22.04-cuda-12", "gpu-ubuntu-22.04-cuda-11.8",
        "gpu-rocky-9-cuda-12", "gpu-rocky-9-cuda-11.8")]
    public string Image { get; init; } = "";

    /// <summary>Where the instance runs; it must have the plan's GPU model.</summary>
    [Required]
    [Description("Datacenter code. The datacenter must carry the plan's GPU model.")]
    [RegularExpression(Patterns.Datacenter)]
    public string Datacenter { get; init; } = "";

    /// <summary>Keys written to authorized_keys at first boot.</summary>
    [Description("OpenSSH public keys installed for the default user at first boot.")]
    [MaxLength(32)]
    [RegularExpression(Patterns.SshPublicKey)]
    public IReadOnlyList<string> SshKeys { get; init; } = [];

    /// <summary>Whether the instance should be running.</summary>
    [Description("Running keeps the instance powered on; Stopped shuts it down and keeps its disks (still billed).")]
    [DefaultValue(PowerState.Running)]
    public PowerState PowerState { get; init; } = PowerState.Running;

    /// <summary>Extra block volumes, by name.</summary>
    [Description("Names of Volumes in the same namespace and datacenter, attached as virtio disks in this order.")]
    [MaxLength(16)]
    [RegularExpression(Patterns.DnsLabel)]
    public IReadOnlyList<string> Volumes { get; init; } = [];
}
