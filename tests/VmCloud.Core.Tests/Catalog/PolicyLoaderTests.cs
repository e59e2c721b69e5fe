using VmCloud.Core.Catalog;
using VmCloud.Tests;

namespace VmCloud.Core.Tests.Catalog;

public sealed class PolicyLoaderTests
{
    private static readonly PolicySet Policies = LoadRepositoryPolicies();

    private static PolicySet LoadRepositoryPolicies()
    {
        var result = PolicyLoader.Load(RepoPaths.Combine("policies"));
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Policies!;
    }

    [Fact]
    public void Load_SucceedsWithoutErrors_ForTheRepositoryPolicies()
    {
        var result = PolicyLoader.Load(RepoPaths.Combine("policies"));

        Assert.Empty(result.Errors);
        Assert.True(result.Succeeded);
        Assert.NotNull(result.Policies);
    }

    [Fact]
    public void Catalog_HasTheSeeds36Offers_Of7ProductLines()
    {
        var offers = Policies.Catalog.Offers;

        Assert.Equal(36, offers.Count);
        Assert.Equal(28, offers.Count(o => o.Provisionable));
        Assert.Equal(36, offers.Select(o => o.Name).Distinct().Count());
        var perLine = offers.GroupBy(o => o.Product).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(8, perLine[ProductLine.Vps]);
        Assert.Equal(8, perLine[ProductLine.Gpu]);
        Assert.Equal(4, perLine[ProductLine.WebHosting]);
        Assert.Equal(4, perLine[ProductLine.Paas]);
        Assert.Equal(4, perLine[ProductLine.LoadBalancer]);
        Assert.Equal(4, perLine[ProductLine.Storage]);
        Assert.Equal(4, perLine[ProductLine.Cdn]);
    }

    [Fact]
    public void Catalog_MarksOnlyWebHostingAndPaasAsNotProvisionable()
    {
        var notProvisionable = Policies.Catalog.Offers.Where(o => !o.Provisionable).Select(o => o.Product).Distinct();

        Assert.Equal([ProductLine.WebHosting, ProductLine.Paas], notProvisionable.Order());
    }

    [Fact]
    public void Catalog_BillsInEurosOver730HoursAMonth()
    {
        Assert.Equal("EUR", Policies.Catalog.Currency);
        Assert.Equal(730, Policies.Catalog.HoursPerMonth);
    }

    [Fact]
    public void HourlyRate_IsTheCataloguesHourlyPrice_ForGpuOffers()
    {
        var offer = Policies.Catalog.FindOffer("GPU-STARTER")!;

        Assert.Equal(0.85m, offer.HourlyRate(Policies.Catalog.HoursPerMonth));
    }

    [Fact]
    public void HourlyRate_IsMonthlyPriceOver730_WithoutAnHourlyPrice()
    {
        var offer = Policies.Catalog.FindOffer("VPS-NANO")!;

        Assert.Null(offer.HourlyEuros);
        Assert.Equal(29m / 730, offer.HourlyRate(Policies.Catalog.HoursPerMonth));
    }

    [Fact]
    public void HourlyRatePerGiB_IsPricePerGiBMonthOver730_ForStorage()
    {
        var offer = Policies.Catalog.FindOffer("STORAGE-NVME")!;

        Assert.Equal(0.15m / 730, offer.HourlyRatePerGiB(730));
        Assert.Throws<InvalidOperationException>(() => offer.HourlyRate(730));
    }

    [Theory]
    [InlineData("PAR-1", true)]
    [InlineData("AMS-1", true)]
    [InlineData("FRA-1", false)]
    public void Datacenter_IsSchedulable_OnlyWhenOperational(string code, bool schedulable)
    {
        var datacenter = Policies.FindDatacenter(code)!;

        Assert.Equal(schedulable, datacenter.Schedulable);
        Assert.Equal(schedulable ? DatacenterStatus.Operational : DatacenterStatus.Maintenance, datacenter.Status);
    }

    [Theory]
    [InlineData("PAR-1", "Paris, France", "III+", new[] { "RTX-4090", "A100-40GB", "A100-80GB" })]
    [InlineData("AMS-1", "Amsterdam, NL", "III", new[] { "T4" })]
    [InlineData("FRA-1", "Frankfurt, DE", "III", new[] { "A100-40GB", "A100-80GB" })]
    public void Datacenter_MatchesTheSeed(string code, string location, string tier, string[] gpuModels)
    {
        var datacenter = Policies.FindDatacenter(code)!;

        Assert.Equal(location, datacenter.Location);
        Assert.Equal(tier, datacenter.Tier);
        Assert.Equal(gpuModels, datacenter.GpuModels);
    }

    [Fact]
    public void Capacity_MatchesTheArchitecture()
    {
        var capacity = Policies.Capacity;

        Assert.Equal(new OvercommitRatios(2.0m, 1.0m, 1.0m), capacity.Overcommit);
        Assert.Equal(0.70m, capacity.TargetUtilisation.Vcpu);
        Assert.Equal(0.70m, capacity.TargetUtilisation.Memory);
        Assert.Equal(0.60m, capacity.TargetUtilisation.Storage);
        Assert.Equal(0.80m, capacity.TargetUtilisation.ForGpu("T4"));
        Assert.Equal(0.80m, capacity.TargetUtilisation.ForGpu("RTX-4090"));
        Assert.Equal(0.90m, capacity.TargetUtilisation.ForGpu("A100-40GB"));
        Assert.Equal(0.90m, capacity.TargetUtilisation.ForGpu("A100-80GB"));
        Assert.Null(capacity.TargetUtilisation.ForGpu("H100"));
    }

    [Fact]
    public void Discounts_MatchTheCommercialRules()
    {
        Assert.Equal(new DiscountPolicy(0.17m, 0.15m, 0.05m, 3, 0.30m), Policies.Discounts);
    }

    [Theory]
    [InlineData(false, false, 1, "0")]
    [InlineData(true, false, 1, "0.17")]
    [InlineData(false, true, 2, "0.15")]
    [InlineData(false, false, 3, "0.05")]
    [InlineData(true, false, 3, "0.22")]
    [InlineData(false, true, 4, "0.20")]
    [InlineData(true, true, 1, "0.30")]
    [InlineData(true, true, 3, "0.30")]
    public void TotalRatio_AddsDiscounts_AndCapsThemAt30Percent(bool annual, bool partner, int productLines, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Policies.Discounts.TotalRatio(annual, partner, productLines));
    }

    [Fact]
    public void DefaultQuotas_CoverEveryGpuModel()
    {
        var quotas = Policies.DefaultQuotas;

        Assert.Equal(Policies.Catalog.GpuModels.Select(g => g.Name).Order(), quotas.Gpus.Keys.Order());
        Assert.True(quotas.VirtualServers > 0 && quotas.Vcpus > 0 && quotas.MemoryGiB > 0);
    }

    [Fact]
    public void Lookups_ReturnNull_ForUnknownNames()
    {
        Assert.Null(Policies.Catalog.FindOffer("VPS-MEGA"));
        Assert.Null(Policies.Catalog.FindOffer("vps-nano"));
        Assert.Null(Policies.Catalog.FindGpuModel("H100"));
        Assert.Null(Policies.Catalog.FindImage("windows-11"));
        Assert.Null(Policies.FindDatacenter("LON-1"));
    }
}
