using VmCloud.Core.Catalog;
using VmCloud.Tests;

namespace VmCloud.Core.Tests.Catalog;

public sealed class CatalogImageTests
{
    private static readonly Lazy<ProductCatalog> Catalog = new(() =>
        PolicyLoader.Load(RepoPaths.Combine("policies")).Policies?.Catalog
        ?? throw new InvalidOperationException("policies/ does not load; see PolicyLoaderTests."));

    [Fact]
    public void Images_AreTheSeeds17VpsImages_And4GpuImages()
    {
        string[] vps =
        [
            "ubuntu-20.04", "ubuntu-22.04", "ubuntu-24.04", "debian-11", "debian-12", "rocky-8", "rocky-9",
            "almalinux-8", "almalinux-9", "centos-stream-8", "centos-stream-9", "fedora-39", "fedora-40",
            "opensuse-leap-15", "archlinux", "windows-server-2019", "windows-server-2022",
        ];
        string[] gpu = ["gpu-ubuntu-22.04-cuda-12", "gpu-ubuntu-22.04-cuda-11.8", "gpu-rocky-9-cuda-12", "gpu-rocky-9-cuda-11.8"];

        Assert.Equal(vps, Catalog.Value.Images.Where(i => i.Product == ProductLine.Vps).Select(i => i.Name));
        Assert.Equal(gpu, Catalog.Value.Images.Where(i => i.Product == ProductLine.Gpu).Select(i => i.Name));
    }

    [Theory]
    [InlineData("ubuntu-24.04", OsFamily.Linux, ImageSupport.Official)]
    [InlineData("centos-stream-9", OsFamily.Linux, ImageSupport.Official)]
    [InlineData("fedora-40", OsFamily.Linux, ImageSupport.Community)]
    [InlineData("archlinux", OsFamily.Linux, ImageSupport.Community)]
    [InlineData("windows-server-2022", OsFamily.Windows, ImageSupport.Official)]
    [InlineData("gpu-rocky-9-cuda-11.8", OsFamily.Linux, ImageSupport.Official)]
    public void Image_HasTheSeedsFamilyAndSupport(string name, OsFamily family, ImageSupport support)
    {
        var image = Catalog.Value.FindImage(name)!;

        Assert.Equal((family, support), (image.Family, image.Support));
    }

    [Theory]
    [InlineData("Tesla T4", "T4")]
    [InlineData("NVIDIA GeForce RTX 4090", "RTX-4090")]
    [InlineData("NVIDIA A100-SXM4-40GB", "A100-40GB")]
    [InlineData("NVIDIA A100-PCIE-40GB", "A100-40GB")]
    [InlineData("NVIDIA A100-SXM4-80GB", "A100-80GB")]
    [InlineData("NVIDIA A100 80GB PCIe", "A100-80GB")]
    public void FindGpuModelByNvmlName_MapsNvmlProductNames(string nvmlName, string model)
    {
        Assert.Equal(model, Catalog.Value.FindGpuModelByNvmlName(nvmlName)?.Name);
    }

    [Fact]
    public void GpuModels_HaveTheSeedsMemory()
    {
        var memory = Catalog.Value.GpuModels.ToDictionary(g => g.Name, g => g.MemoryGiB);

        Assert.Equal(new Dictionary<string, int> { ["T4"] = 16, ["RTX-4090"] = 24, ["A100-40GB"] = 40, ["A100-80GB"] = 80 }, memory);
    }
}
