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
public sealed record GpuInstance : CustomResource<GpuInstanceSpec, ServerStatus>, IServer
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = nameof(GpuInstance);

    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public ServerSpec ServerSpec => Spec;
}

/// <summary>Desired state of a <see cref="GpuInstance"/>.</summary>
public sealed record GpuInstanceSpec : ServerSpec
{
    /// <summary>The catalogue plan, which fixes the GPU model and count, vCPUs, memory and price.</summary>
    [Required]
    [Description("Catalogue GPU plan, which fixes the GPU model and count, vCPUs, memory, disk and the hourly and monthly price.")]
    [AllowedValues("GPU-STARTER", "GPU-PRO", "GPU-BUSINESS", "GPU-ENTERPRISE",
        "GPU-QUANTUM", "GPU-TITAN", "GPU-CLUSTER", "GPU-SUPERCOMPUTE")]
    public override string Plan { get; init; } = "";

    /// <summary>The GPU software stack image.</summary>
    [Required]
    [Description("GPU software stack image: the OS with NVIDIA driver, CUDA, cuDNN, TensorRT, PyTorch, TensorFlow, JAX and Docker with the NVIDIA Container Toolkit.")]
    [AllowedValues("gpu-ubuntu-22.04-cuda-12", "gpu-ubuntu-22.04-cuda-11.8",
        "gpu-rocky-9-cuda-12", "gpu-rocky-9-cuda-11.8")]
    public override string Image { get; init; } = "";
}
