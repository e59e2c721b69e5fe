using VmCloud.Core.Catalog;
using VmCloud.Core.Pricing;
using VmCloud.Core.Tests.Validation;

namespace VmCloud.Core.Tests.Pricing;

/// <summary>The list price of one resource, from the real catalogue.</summary>
public sealed class PriceListTests
{
    private static readonly ProductCatalog Catalogue = TestPolicies.Real.Catalog;

    private static BillableItem Price(VmCloud.Api.CustomResource resource) =>
        Assert.IsType<BillableItem>(PriceList.Price(resource, Catalogue));

    [Theory]
    [InlineData("VPS-NANO", 29)]
    [InlineData("VPS-BUSINESS", 199)]
    [InlineData("VPS-QUANTUM", 3199)]
    public void Price_IsThePlansMonthlyPrice_ForAVirtualServer(string plan, int monthly)
    {
        var item = Price(Resources.Server("acme", "web", plan));

        Assert.Equal(monthly, item.MonthlyEuros);
        Assert.Equal(monthly / 730m, item.HourlyEuros);
        Assert.Equal(ProductLine.Vps, item.Product);
        Assert.Equal(plan, item.Offer.Name);
    }

    [Theory]
    [InlineData("GPU-STARTER", "0.85", 469)]
    [InlineData("GPU-TITAN", "5.50", 3035)]
    [InlineData("GPU-SUPERCOMPUTE", "33.60", 18559)]
    public void Price_UsesTheCataloguesHourlyPrice_ForAGpuInstance(string plan, string hourly, int monthly)
    {
        var item = Price(Resources.Gpu("acme", "gpu", plan));

        Assert.Equal(decimal.Parse(hourly, System.Globalization.CultureInfo.InvariantCulture), item.HourlyEuros);
        Assert.Equal(monthly, item.MonthlyEuros);
        Assert.Equal(ProductLine.Gpu, item.Product);
    }

    [Theory]
    [InlineData("STORAGE-SSD", 200, "20.00")]
    [InlineData("STORAGE-NVME", 200, "30.00")]
    [InlineData("STORAGE-EXTREME", 1, "0.25")]
    [InlineData("STORAGE-DEDICATED", 65536, "26214.40")]
    public void Price_IsSizeTimesPricePerGiBMonth_ForAVolume(string storageClass, int sizeGiB, string monthly)
    {
        var item = Price(Resources.Volume("acme", "data", sizeGiB, storageClass));

        Assert.Equal(decimal.Parse(monthly, System.Globalization.CultureInfo.InvariantCulture), item.MonthlyEuros);
        Assert.Equal(item.MonthlyEuros / 730m, item.HourlyEuros);
        Assert.Equal(ProductLine.Storage, item.Product);
    }

    [Fact]
    public void Price_IsThePlansMonthlyPrice_ForLoadBalancersAndCdns()
    {
        Assert.Equal(299m, Price(Resources.LoadBalancer("acme", "lb", "LB-ENTERPRISE")).MonthlyEuros);
        Assert.Equal(ProductLine.LoadBalancer, Price(Resources.LoadBalancer("acme", "lb")).Product);
        Assert.Equal(2499m, Price(Resources.Cdn("acme", "cdn", "CDN-GLOBAL")).MonthlyEuros);
        Assert.Equal(ProductLine.Cdn, Price(Resources.Cdn("acme", "cdn")).Product);
    }

    [Fact]
    public void Price_IsNull_ForKindsThatAreNotBilled()
    {
        Assert.Null(PriceList.Price(Resources.Tenant("acme"), Catalogue));
        Assert.Null(PriceList.Price(Resources.Node("node-1"), Catalogue));
    }

    [Fact]
    public void Price_IsNull_ForAPlanMissingFromTheCatalogue()
    {
        Assert.Null(PriceList.Price(Resources.Server("acme", "web", "VPS-GONE"), Catalogue));
    }
}
