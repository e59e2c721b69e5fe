using VmCloud.Core.Catalog;
using VmCloud.Tests;

namespace VmCloud.Core.Tests.Catalog;

/// <summary>
/// Pins every offer of catalog.yaml to the seed (seeds/001 sections 2.1 to 2.7). The values are
/// typed again from the seed on purpose: a change to the catalogue must be a change here too.
/// Units: GB is GiB, a disk TB is 1000 GiB, RAM "1 TB" is 1024 GiB; null means unlimited.
/// </summary>
public sealed class CatalogSeedTests
{
    private static readonly Lazy<PolicySet> Policies = new(() =>
        PolicyLoader.Load(RepoPaths.Combine("policies")).Policies
        ?? throw new InvalidOperationException("policies/ does not load; see PolicyLoaderTests."));

    private static Offer Find(string name) =>
        Policies.Value.Catalog.FindOffer(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the catalogue");

    // name, tier, vCPU, RAM GiB, disk GiB, bandwidth TB (null = Illimité), EUR/month, SLA %
    public static TheoryData<string, string, int, int, int, decimal?, decimal, decimal> Vps => new()
    {
        { "VPS-NANO", "Starter", 1, 2, 40, 5m, 29m, 99.9m },
        { "VPS-STARTER", "Starter", 2, 4, 80, 10m, 49m, 99.9m },
        { "VPS-PERFORMANCE", "Pro", 4, 8, 160, 20m, 99m, 99.9m },
        { "VPS-BUSINESS", "Business", 6, 16, 320, 30m, 199m, 99.95m },
        { "VPS-ENTERPRISE", "Enterprise", 8, 32, 640, 50m, 399m, 99.99m },
        { "VPS-ELITE", "Enterprise", 16, 64, 1280, 100m, 799m, 99.99m },
        { "VPS-TITANIUM", "Premium", 32, 128, 2560, 200m, 1599m, 99.99m },
        { "VPS-QUANTUM", "Premium", 48, 256, 5000, null, 3199m, 99.99m },
    };

    [Theory]
    [MemberData(nameof(Vps))]
    public void Offer_MatchesSeed_ForVps(
        string name, string tier, int vcpus, int memoryGiB, int diskGiB, decimal? bandwidthTB, decimal monthly, decimal sla)
    {
        var offer = Find(name);

        Assert.Equal((ProductLine.Vps, tier, true), (offer.Product, offer.Tier, offer.Provisionable));
        Assert.Equal((vcpus, memoryGiB, diskGiB), (offer.Vcpus, offer.MemoryGiB, offer.DiskGiB));
        Assert.Equal(bandwidthTB, offer.BandwidthTB);
        Assert.Equal(monthly, offer.MonthlyEuros);
        Assert.Null(offer.HourlyEuros);
        Assert.Equal(sla, offer.SlaPercent);
    }

    // name, tier, GPU model, GPU count, vCPU, RAM GiB, disk GiB, EUR/hour, EUR/month, VRAM GB
    public static TheoryData<string, string, string, int, int, int, int, decimal, decimal, int> Gpu => new()
    {
        { "GPU-STARTER", "Starter", "T4", 1, 8, 32, 500, 0.85m, 469m, 16 },
        { "GPU-PRO", "Pro", "RTX-4090", 1, 16, 64, 1000, 1.50m, 829m, 24 },
        { "GPU-BUSINESS", "Business", "RTX-4090", 2, 32, 128, 2000, 2.90m, 1599m, 48 },
        { "GPU-ENTERPRISE", "Enterprise", "A100-40GB", 1, 48, 192, 4000, 4.20m, 2319m, 40 },
        { "GPU-QUANTUM", "Premium", "A100-40GB", 2, 64, 256, 8000, 8.40m, 4639m, 80 },
        { "GPU-TITAN", "Premium", "A100-80GB", 1, 96, 384, 16000, 5.50m, 3035m, 80 },
        { "GPU-CLUSTER", "Premium", "A100-40GB", 4, 128, 512, 32000, 16.80m, 9279m, 160 },
        { "GPU-SUPERCOMPUTE", "Premium", "A100-80GB", 8, 256, 1024, 64000, 33.60m, 18559m, 640 },
    };

    [Theory]
    [MemberData(nameof(Gpu))]
    public void Offer_MatchesSeed_ForGpu(
        string name, string tier, string model, int count, int vcpus, int memoryGiB, int diskGiB,
        decimal hourly, decimal monthly, int vramGiB)
    {
        var offer = Find(name);

        Assert.Equal((ProductLine.Gpu, tier, true), (offer.Product, offer.Tier, offer.Provisionable));
        Assert.Equal(new GpuAllotment(model, count), offer.Gpu);
        Assert.Equal((vcpus, memoryGiB, diskGiB), (offer.Vcpus, offer.MemoryGiB, offer.DiskGiB));
        Assert.Equal(hourly, offer.HourlyEuros);
        Assert.Equal(monthly, offer.MonthlyEuros);
        Assert.Equal(vramGiB, Policies.Value.Catalog.FindGpuModel(model)!.MemoryGiB * count);
    }

    // name, tier, sites, storage GiB, bandwidth TB, databases, emails (null = Illimité), EUR/month
    public static TheoryData<string, string, int?, int, decimal?, int?, int?, decimal> WebHosting => new()
    {
        { "WEB-STARTER", "Starter", 1, 50, 1m, 5, 10, 19m },
        { "WEB-BUSINESS", "Business", 10, 200, 5m, 25, 100, 49m },
        { "WEB-PRO", "Pro", 50, 500, 20m, 100, 500, 99m },
        { "WEB-ENTERPRISE", "Enterprise", null, 2000, null, null, null, 199m },
    };

    [Theory]
    [MemberData(nameof(WebHosting))]
    public void Offer_MatchesSeed_ForWebHosting(
        string name, string tier, int? sites, int storageGiB, decimal? bandwidthTB, int? databases, int? emails, decimal monthly)
    {
        var offer = Find(name);

        Assert.Equal((ProductLine.WebHosting, tier, false), (offer.Product, offer.Tier, offer.Provisionable));
        Assert.Equal((sites, storageGiB, bandwidthTB), (offer.Sites, offer.StorageGiB, offer.BandwidthTB));
        Assert.Equal((databases, emails), (offer.Databases, offer.Emails));
        Assert.Equal(monthly, offer.MonthlyEuros);
    }

    // name, tier, containers, RAM GiB per container, deployments/day (null = not capped), EUR/month
    public static TheoryData<string, string, int?, int?, int?, decimal> Paas => new()
    {
        { "PAAS-CONTAINER", "Starter", 1, 2, 10, 59m },
        { "PAAS-BUSINESS", "Business", 5, 4, 50, 239m },
        { "PAAS-SCALE", "Pro", 20, 8, 200, 719m },
        { "PAAS-KUBERNETES", "Enterprise", null, null, null, 1199m },
    };

    [Theory]
    [MemberData(nameof(Paas))]
    public void Offer_MatchesSeed_ForPaas(
        string name, string tier, int? containers, int? memoryGiBPerContainer, int? deploymentsPerDay, decimal monthly)
    {
        var offer = Find(name);

        Assert.Equal((ProductLine.Paas, tier, false), (offer.Product, offer.Tier, offer.Provisionable));
        Assert.Equal((containers, memoryGiBPerContainer, deploymentsPerDay), (offer.Containers, offer.MemoryGiBPerContainer, offer.DeploymentsPerDay));
        Assert.Equal(monthly, offer.MonthlyEuros);
    }

    // name, tier, backends (null = Illimité), requests/s, protocols, EUR/month
    public static TheoryData<string, string, int?, int, string[], decimal> LoadBalancer => new()
    {
        { "LB-STARTER", "Starter", 5, 10_000, ["HTTP", "HTTPS"], 29m },
        { "LB-BUSINESS", "Business", 20, 50_000, ["HTTP", "HTTPS", "TCP", "UDP"], 99m },
        { "LB-ENTERPRISE", "Enterprise", 100, 200_000, ["HTTP", "HTTPS", "TCP", "UDP", "WebSocket"], 299m },
        { "LB-GLOBAL", "Premium", null, 1_000_000, ["HTTP", "HTTPS", "TCP", "UDP", "WebSocket", "GRPC", "HTTP3"], 999m },
    };

    [Theory]
    [MemberData(nameof(LoadBalancer))]
    public void Offer_MatchesSeed_ForLoadBalancer(
        string name, string tier, int? maxBackends, int requestsPerSecond, string[] protocols, decimal monthly)
    {
        var offer = Find(name);

        Assert.Equal((ProductLine.LoadBalancer, tier, true), (offer.Product, offer.Tier, offer.Provisionable));
        Assert.Equal((maxBackends, requestsPerSecond), (offer.MaxBackends, offer.RequestsPerSecond));
        Assert.Equal(protocols, offer.Protocols);
        Assert.Equal(monthly, offer.MonthlyEuros);
    }

    // name, tier, media, IOPS per TB, latency bound ms, EUR per GiB-month
    public static TheoryData<string, string, string, int, decimal, decimal> Storage => new()
    {
        { "STORAGE-SSD", "Starter", "SSD SATA", 10_000, 1m, 0.10m },
        { "STORAGE-NVME", "Pro", "NVMe PCIe 3.0", 50_000, 0.5m, 0.15m },
        { "STORAGE-EXTREME", "Business", "NVMe PCIe 4.0", 200_000, 0.1m, 0.25m },
        { "STORAGE-DEDICATED", "Premium", "NVMe RAID 10", 500_000, 0.05m, 0.40m },
    };

    [Theory]
    [MemberData(nameof(Storage))]
    public void Offer_MatchesSeed_ForStorage(string name, string tier, string media, int iopsPerTB, decimal latencyMs, decimal perGiBMonth)
    {
        var offer = Find(name);

        Assert.Equal((ProductLine.Storage, tier, true), (offer.Product, offer.Tier, offer.Provisionable));
        Assert.Equal((media, iopsPerTB, latencyMs), (offer.Media, offer.IopsPerTB, offer.LatencyMs));
        Assert.Equal(perGiBMonth, offer.EurosPerGiBMonth);
        Assert.Equal(0m, offer.MonthlyEuros);
    }

    // name, tier, PoPs, included traffic TB, WAF, EUR/month
    public static TheoryData<string, string, int, decimal, string, decimal> Cdn => new()
    {
        { "CDN-STARTER", "Starter", 10, 1m, "Off", 19m },
        { "CDN-PRO", "Pro", 25, 10m, "Basic", 99m },
        { "CDN-BUSINESS", "Business", 50, 100m, "Advanced", 499m },
        { "CDN-GLOBAL", "Premium", 150, 1000m, "Custom", 2499m },
    };

    [Theory]
    [MemberData(nameof(Cdn))]
    public void Offer_MatchesSeed_ForCdn(string name, string tier, int pops, decimal includedTrafficTB, string waf, decimal monthly)
    {
        var offer = Find(name);

        Assert.Equal((ProductLine.Cdn, tier, true), (offer.Product, offer.Tier, offer.Provisionable));
        Assert.Equal((pops, includedTrafficTB, waf), (offer.Pops, offer.IncludedTrafficTB, offer.Waf));
        Assert.Equal(monthly, offer.MonthlyEuros);
    }

    [Fact]
    public void Offers_AreAllPinnedHere()
    {
        var pinned = new IEnumerable<object[]>[] { Vps, Gpu, WebHosting, Paas, LoadBalancer, Storage, Cdn }
            .SelectMany(rows => rows.Select(row => (string)row[0]));

        Assert.Equal(Policies.Value.Catalog.Offers.Select(o => o.Name).Order(), pinned.Order());
    }
}
