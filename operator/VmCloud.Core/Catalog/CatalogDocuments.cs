namespace VmCloud.Core.Catalog;

// The YAML shape of policies/catalog.yaml. Everything is nullable so that a missing key can be
// told from a zero, and "number or unlimited" fields are text; CatalogMapper validates and
// converts them into the public records.

internal sealed class CatalogDocument : PositionedDocument
{
    public string? Currency { get; set; }
    public int? HoursPerMonth { get; set; }
    public List<GpuModelDocument?>? GpuModels { get; set; }
    public List<ImageDocument?>? Images { get; set; }
    public List<OfferDocument?>? Offers { get; set; }
}

internal sealed class GpuModelDocument : PositionedDocument
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public int? MemoryGiB { get; set; }
    public List<string?>? NvmlNames { get; set; }
}

internal sealed class ImageDocument : PositionedDocument
{
    public string? Name { get; set; }
    public string? Product { get; set; }
    public string? Os { get; set; }
    public string? Family { get; set; }
    public string? Support { get; set; }
}

internal sealed class GpuAllotmentDocument : PositionedDocument
{
    public string? Model { get; set; }
    public int? Count { get; set; }
}

internal sealed class OfferDocument : PositionedDocument
{
    public string? Name { get; set; }
    public string? Product { get; set; }
    public string? Tier { get; set; }
    public bool? Provisionable { get; set; }
    public decimal? MonthlyEuros { get; set; }
    public decimal? HourlyEuros { get; set; }
    public decimal? EurosPerGiBMonth { get; set; }

    // VPS and GPU
    public int? Vcpus { get; set; }
    public int? MemoryGiB { get; set; }
    public int? DiskGiB { get; set; }
    public GpuAllotmentDocument? Gpu { get; set; }
    public string? BandwidthTB { get; set; }
    public decimal? SlaPercent { get; set; }

    // LoadBalancer
    public string? MaxBackends { get; set; }
    public int? RequestsPerSecond { get; set; }
    public bool? MultiDatacenter { get; set; }
    public List<string?>? Protocols { get; set; }

    // Storage
    public string? Media { get; set; }
    public int? IopsPerTB { get; set; }
    public decimal? LatencyMs { get; set; }

    // CDN
    public int? Pops { get; set; }
    public string? PopRegion { get; set; }
    public decimal? IncludedTrafficTB { get; set; }
    public string? Waf { get; set; }

    // WebHosting
    public string? Sites { get; set; }
    public int? StorageGiB { get; set; }
    public string? Databases { get; set; }
    public string? Emails { get; set; }

    // PaaS
    public string? Containers { get; set; }
    public string? MemoryGiBPerContainer { get; set; }
    public string? DeploymentsPerDay { get; set; }
}
