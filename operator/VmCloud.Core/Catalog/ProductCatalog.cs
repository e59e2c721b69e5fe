namespace VmCloud.Core.Catalog;

/// <summary>
/// The product catalogue of policies/catalog.yaml: every plan with its sizes and prices,
/// the GPU models and the OS images. Lookups are by exact (ordinal) name.
/// </summary>
public sealed record ProductCatalog
{
    /// <summary>The currency of every price, EUR.</summary>
    public required string Currency { get; init; }

    /// <summary>Hours in a billing month (730): monthly prices divided by it give hourly rates.</summary>
    public required int HoursPerMonth { get; init; }

    /// <summary>Every offer, in catalogue order.</summary>
    public required IReadOnlyList<Offer> Offers { get; init; }

    /// <summary>The GPU models offers and datacenters refer to.</summary>
    public required IReadOnlyList<GpuModel> GpuModels { get; init; }

    /// <summary>The OS images servers can boot.</summary>
    public required IReadOnlyList<Image> Images { get; init; }

    /// <summary>The offer with this name, e.g. VPS-NANO, or null.</summary>
    public Offer? FindOffer(string name) =>
        Offers.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));

    /// <summary>The GPU model with this catalogue name, e.g. A100-80GB, or null.</summary>
    public GpuModel? FindGpuModel(string name) =>
        GpuModels.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.Ordinal));

    /// <summary>The GPU model whose NVML product name is this, e.g. "NVIDIA A100 80GB PCIe", or null.</summary>
    public GpuModel? FindGpuModelByNvmlName(string nvmlName) =>
        GpuModels.FirstOrDefault(g => g.NvmlNames.Contains(nvmlName, StringComparer.Ordinal));

    /// <summary>The image with this name, e.g. ubuntu-24.04, or null.</summary>
    public Image? FindImage(string name) =>
        Images.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));
}

/// <summary>A GPU model of the catalogue.</summary>
/// <param name="Name">The catalogue name used by offers, datacenters and quotas, e.g. RTX-4090.</param>
/// <param name="DisplayName">The name shown to customers.</param>
/// <param name="MemoryGiB">Memory of one device.</param>
/// <param name="NvmlNames">Product names NVML reports for this model, to match node inventory.</param>
public sealed record GpuModel(string Name, string DisplayName, int MemoryGiB, IReadOnlyList<string> NvmlNames);
