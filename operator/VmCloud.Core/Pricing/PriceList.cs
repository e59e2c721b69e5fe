using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;

namespace VmCloud.Core.Pricing;

/// <summary>What one billable resource is, in catalogue terms: its offer, product line and list prices.</summary>
public sealed record BillableItem(CustomResource Resource, Offer Offer, decimal MonthlyEuros, decimal HourlyEuros)
{
    /// <summary>The product line, which counts towards the multi-product discount.</summary>
    public ProductLine Product => Offer.Product;
}

/// <summary>
/// The list price of a resource from the catalogue (ARCHITECTURE.md, billing rules): the plan's
/// monthly price, which is also the monthly cap of hourly billing; the catalogue's hourly price
/// where it gives one (GPU), otherwise monthly / hours per month; volumes per GiB-month.
/// </summary>
public static class PriceList
{
    /// <summary>The billable item for a resource, or null for kinds that are not billed (Tenant, HypervisorNode) or unknown plans.</summary>
    public static BillableItem? Price(CustomResource resource, ProductCatalog catalog)
    {
        var (plan, sizeGiB) = resource switch
        {
            VirtualServer v => (v.Spec.Plan, 0),
            GpuInstance g => (g.Spec.Plan, 0),
            LoadBalancer l => (l.Spec.Plan, 0),
            CdnDistribution c => (c.Spec.Plan, 0),
            Volume v => (v.Spec.Class, v.Spec.SizeGiB),
            _ => (null, 0),
        };
        if (plan is null || catalog.FindOffer(plan) is not { } offer) return null;
        if (offer.Product == ProductLine.Storage)
        {
            var monthly = sizeGiB * (offer.EurosPerGiBMonth ?? 0);
            return new BillableItem(resource, offer, monthly, monthly / catalog.HoursPerMonth);
        }
        return new BillableItem(resource, offer, offer.MonthlyEuros, offer.HourlyRate(catalog.HoursPerMonth));
    }

}
