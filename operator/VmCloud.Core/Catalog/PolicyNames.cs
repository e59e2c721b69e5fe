using VmCloud.Api.V1Alpha1;

namespace VmCloud.Core.Catalog;

/// <summary>The words policy files use for enumerations, matched exactly (case-sensitive).</summary>
internal static class PolicyNames
{
    public static IReadOnlyDictionary<string, ProductLine> ProductLines { get; } =
        new Dictionary<string, ProductLine>(StringComparer.Ordinal)
        {
            ["VPS"] = ProductLine.Vps,
            ["GPU"] = ProductLine.Gpu,
            ["WebHosting"] = ProductLine.WebHosting,
            ["PaaS"] = ProductLine.Paas,
            ["LoadBalancer"] = ProductLine.LoadBalancer,
            ["Storage"] = ProductLine.Storage,
            ["CDN"] = ProductLine.Cdn,
        };

    public static IReadOnlyList<string> Tiers { get; } = ["Starter", "Pro", "Business", "Enterprise", "Premium"];

    public static IReadOnlyDictionary<string, OsFamily> OsFamilies { get; } =
        new Dictionary<string, OsFamily>(StringComparer.Ordinal) { ["linux"] = OsFamily.Linux, ["windows"] = OsFamily.Windows };

    public static IReadOnlyDictionary<string, ImageSupport> ImageSupports { get; } =
        new Dictionary<string, ImageSupport>(StringComparer.Ordinal) { ["official"] = ImageSupport.Official, ["community"] = ImageSupport.Community };

    public static IReadOnlyDictionary<string, DatacenterStatus> DatacenterStatuses { get; } =
        Enum.GetValues<DatacenterStatus>().ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    // Protocols and WAF levels are the API's own enums, so an offer can never allow something a
    // manifest cannot ask for.
    public static IReadOnlyList<string> Protocols { get; } = Enum.GetNames<ListenerProtocol>();

    public static IReadOnlyList<string> WafLevels { get; } = Enum.GetNames<WafMode>();

    public static string YamlName(ProductLine line) => ProductLines.First(p => p.Value == line).Key;
}
