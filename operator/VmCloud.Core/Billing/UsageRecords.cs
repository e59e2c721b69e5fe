using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Pricing;

namespace VmCloud.Core.Billing;

/// <summary>Turns a confirmed resource into the usage record of an hour, at the prices in force. Pure.</summary>
public static class UsageRecords
{
    /// <summary>Decimal places kept of every amount, so every ledger back end stores the same values.</summary>
    public const int Scale = 12;

    /// <summary>
    /// The record of <paramref name="resource"/> for <paramref name="hour"/>, or null when it is not billed
    /// (not a billed kind, or a plan the catalogue does not have).
    /// </summary>
    /// <param name="resource">The resource an agent confirmed.</param>
    /// <param name="tenant">Its tenant, whose discount (as its status computed it) and account apply; null gives none.</param>
    /// <param name="volumeGiB">For a volume, the size the agent found; volumes bill by what exists.</param>
    /// <param name="hour">Any instant of the hour billed.</param>
    /// <param name="catalog">Prices.</param>
    public static UsageRecord? For(CustomResource resource, Tenant? tenant, long? volumeGiB, DateTimeOffset hour, ProductCatalog catalog)
    {
        if (resource is Volume volume && volumeGiB is { } size)
            resource = volume with { Spec = volume.Spec with { SizeGiB = (int)Math.Min(size, int.MaxValue) } };
        if (PriceList.Price(resource, catalog) is not { } item) return null;
        var quantity = resource is Volume v ? v.Spec.SizeGiB : 1m;
        var ns = resource.Metadata.Namespace ?? "";
        return new UsageRecord(
            resource.Metadata.Uid ?? "", BillingTime.HourOf(hour), ns, tenant is null ? ns : Discounts.AccountOf(tenant),
            resource.Kind, resource.Metadata.Name, item.Offer.Name, quantity,
            Round(item.HourlyEuros), Round(item.MonthlyEuros), Math.Round((decimal)(tenant?.Status?.DiscountRatio ?? 0), 4));
    }

    private static decimal Round(decimal value) => Math.Round(value, Scale, MidpointRounding.AwayFromZero);
}
