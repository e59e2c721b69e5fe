using System.Text.RegularExpressions;

namespace VmCloud.Agent.Gpus;

/// <summary>
/// The catalogue's GPU models (policies/catalog.yaml) and the pure mapping from what NVML reports
/// (product name, memory) to them. Anything else is a GPU the catalogue does not sell.
/// </summary>
public static partial class GpuModels
{
    /// <summary>NVIDIA Tesla T4, 16 GB.</summary>
    public const string T4 = "T4";

    /// <summary>NVIDIA GeForce RTX 4090, 24 GB.</summary>
    public const string Rtx4090 = "RTX-4090";

    /// <summary>NVIDIA A100, 40 GB (SXM4 or PCIe).</summary>
    public const string A100With40GB = "A100-40GB";

    /// <summary>NVIDIA A100, 80 GB (SXM4 or PCIe).</summary>
    public const string A100With80GB = "A100-80GB";

    /// <summary>Every model the catalogue sells, in catalogue order.</summary>
    public static IReadOnlyList<string> Sold { get; } = [T4, Rtx4090, A100With40GB, A100With80GB];

    // Names are matched whole, not by substring: "NVIDIA T400", "NVIDIA RTX A1000" and
    // "NVIDIA GeForce RTX 4090 D" are other cards the catalogue does not sell.
    private static readonly Dictionary<string, string> ExactNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Tesla T4"] = T4,
        ["NVIDIA T4"] = T4,
        ["NVIDIA GeForce RTX 4090"] = Rtx4090,
    };

    // A100 boards only differ by memory; older drivers and some OEM boards leave the size out of
    // the name ("NVIDIA A100-SXM4", "NVIDIA A100 PCIe"), so the memory decides then.
    private const ulong GiB = 1UL << 30;
    private const ulong SmallestA100With80GB = 60 * GiB;
    private const ulong SmallestA100With40GB = 30 * GiB;

    /// <summary>The catalogue model of a device, or null when the catalogue does not sell it.</summary>
    /// <param name="nvmlName">The product name from nvmlDeviceGetName, e.g. "NVIDIA A100-SXM4-80GB".</param>
    /// <param name="memoryBytes">Total memory from nvmlDeviceGetMemoryInfo.</param>
    public static string? FromNvml(string nvmlName, ulong memoryBytes)
    {
        ArgumentNullException.ThrowIfNull(nvmlName);
        var name = nvmlName.Trim();
        if (ExactNames.TryGetValue(name, out var model))
            return model;
        if (A100Name().Match(name) is not { Success: true } a100)
            return null;
        return a100.Groups["size"].Value switch
        {
            "80" => A100With80GB,
            "40" => A100With40GB,
            _ when memoryBytes >= SmallestA100With80GB => A100With80GB,
            _ when memoryBytes >= SmallestA100With40GB => A100With40GB,
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="model"/> is one of <see cref="Sold"/> (exact, case-sensitive).</summary>
    public static bool IsSold(string model) => Sold.Contains(model, StringComparer.Ordinal);

    // "NVIDIA A100-SXM4-40GB", "NVIDIA A100-PCIE-40GB", "NVIDIA A100-SXM4-80GB", "NVIDIA A100-SXM-80GB",
    // "NVIDIA A100 80GB PCIe", "NVIDIA A100-PCIE-80GB", "NVIDIA A100-SXM4", "NVIDIA A100 PCIe".
    [GeneratedRegex(@"^(?:NVIDIA )?A100(?:[- ](?:SXM4?|PCIE))?(?:[- ](?<size>40|80)GB)?(?: PCIE)?\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex A100Name();
}
