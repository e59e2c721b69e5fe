using VmCloud.Agent.Gpus;
using VmCloud.Core.Catalog;
using VmCloud.Tests;

namespace VmCloud.Agent.Tests.Gpus;

public sealed class GpuModelsTests
{
    private const ulong GiB = 1UL << 30;

    public static TheoryData<string, ulong, string?> NvmlNames => new()
    {
        { "Tesla T4", 15 * GiB, "T4" },
        { "NVIDIA T4", 15 * GiB, "T4" },
        { "  Tesla T4  ", 15 * GiB, "T4" },
        { "NVIDIA GeForce RTX 4090", 24 * GiB, "RTX-4090" },
        { "NVIDIA A100-SXM4-40GB", 40 * GiB, "A100-40GB" },
        { "NVIDIA A100-PCIE-40GB", 40 * GiB, "A100-40GB" },
        { "NVIDIA A100-SXM4-80GB", 80 * GiB, "A100-80GB" },
        { "NVIDIA A100-SXM-80GB", 80 * GiB, "A100-80GB" },
        { "NVIDIA A100 80GB PCIe", 80 * GiB, "A100-80GB" },
        { "NVIDIA A100-PCIE-80GB", 80 * GiB, "A100-80GB" },
        // The size in the name wins over a memory figure that a MIG or ECC setting shrank.
        { "NVIDIA A100-SXM4-80GB", 40 * GiB, "A100-80GB" },
        // Without a size in the name, the memory decides (81,920 MiB and 40,960 MiB boards).
        { "NVIDIA A100-SXM4", 81920UL << 20, "A100-80GB" },
        { "NVIDIA A100 PCIe", 79 * GiB, "A100-80GB" },
        { "NVIDIA A100-PCIE", 40960UL << 20, "A100-40GB" },
        { "NVIDIA A100", 39 * GiB, "A100-40GB" },
        { "NVIDIA A100", 0, null },
        // Other cards, some with a sold card's name inside theirs.
        { "NVIDIA T400", 2 * GiB, null },
        { "NVIDIA RTX A1000", 8 * GiB, null },
        { "NVIDIA GeForce RTX 4090 D", 24 * GiB, null },
        { "NVIDIA GeForce RTX 4090 Laptop GPU", 16 * GiB, null },
        { "NVIDIA A100X", 80 * GiB, null },
        { "NVIDIA A800-SXM4-80GB", 80 * GiB, null },
        { "NVIDIA H100 80GB HBM3", 80 * GiB, null },
        { "NVIDIA A30", 24 * GiB, null },
        { "", 0, null },
    };

    [Theory]
    [MemberData(nameof(NvmlNames))]
    public void FromNvml_MapsTheProductNameAndMemory_ToTheCatalogueModel(string name, ulong memoryBytes, string? model)
    {
        Assert.Equal(model, GpuModels.FromNvml(name, memoryBytes));
    }

    [Fact]
    public void FromNvml_MapsEveryNvmlNameOfTheCatalogue_ToItsModel()
    {
        var catalog = PolicyLoader.Load(RepoPaths.Combine("policies")).Policies?.Catalog;
        Assert.NotNull(catalog);

        var mapped = catalog.GpuModels.SelectMany(g => g.NvmlNames.Select(n =>
            (Name: n, Expected: g.Name, Actual: GpuModels.FromNvml(n, (ulong)g.MemoryGiB * GiB))));

        Assert.All(mapped, m => Assert.Equal(m.Expected, m.Actual));
    }

    [Fact]
    public void Sold_IsTheCataloguesGpuModels()
    {
        var catalog = PolicyLoader.Load(RepoPaths.Combine("policies")).Policies?.Catalog;
        Assert.NotNull(catalog);

        Assert.Equal(catalog.GpuModels.Select(g => g.Name), GpuModels.Sold);
    }
}
