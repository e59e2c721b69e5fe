using System.Reflection;
using YamlDotNet.Serialization.NamingConventions;

namespace VmCloud.Core.Catalog;

/// <summary>
/// Which offer keys apply to which product line, so that a key set on the wrong kind of offer
/// (say <c>vcpus</c> on a CDN plan, often a sign of a wrong <c>product</c>) is an error.
/// </summary>
internal static class OfferFields
{
    private static readonly string[] Common = ["name", "product", "tier", "provisionable"];

    private static readonly Dictionary<ProductLine, string[]> ByLine = new()
    {
        [ProductLine.Vps] = ["monthlyEuros", "hourlyEuros", "vcpus", "memoryGiB", "diskGiB", "bandwidthTB", "slaPercent"],
        [ProductLine.Gpu] = ["monthlyEuros", "hourlyEuros", "gpu", "vcpus", "memoryGiB", "diskGiB"],
        [ProductLine.WebHosting] = ["monthlyEuros", "hourlyEuros", "sites", "storageGiB", "bandwidthTB", "databases", "emails"],
        [ProductLine.Paas] = ["monthlyEuros", "hourlyEuros", "containers", "memoryGiBPerContainer", "deploymentsPerDay"],
        [ProductLine.LoadBalancer] = ["monthlyEuros", "hourlyEuros", "maxBackends", "requestsPerSecond", "multiDatacenter", "protocols"],
        [ProductLine.Storage] = ["eurosPerGiBMonth", "media", "iopsPerTB", "latencyMs"],
        [ProductLine.Cdn] = ["monthlyEuros", "hourlyEuros", "pops", "popRegion", "includedTrafficTB", "waf"],
    };

    private static readonly (string Key, PropertyInfo Property)[] Properties =
        [.. typeof(OfferDocument).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(PositionedDocument.Position))
            .Select(p => (CamelCaseNamingConvention.Instance.Apply(p.Name), p))];

    /// <summary>The keys set in <paramref name="offer"/> that do not apply to <paramref name="line"/>.</summary>
    public static IEnumerable<string> NotApplicable(OfferDocument offer, ProductLine line) =>
        Properties
            .Where(p => p.Property.GetValue(offer) is not null)
            .Select(p => p.Key)
            .Where(key => !Common.Contains(key) && !ByLine[line].Contains(key));
}
