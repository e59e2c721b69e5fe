namespace VmCloud.Core.Catalog;

/// <summary>
/// One plan of the catalogue with its sizes and prices. Fields that do not apply to the
/// offer's product line are null (or empty); for limits that the seed calls "Illimité",
/// null also means unlimited — the product line says which reading applies.
/// </summary>
public sealed record Offer
{
    /// <summary>The plan name customers write in manifests, e.g. VPS-NANO.</summary>
    public required string Name { get; init; }

    /// <summary>The product line.</summary>
    public required ProductLine Product { get; init; }

    /// <summary>Starter, Pro, Business, Enterprise or Premium, as the seed says.</summary>
    public required string Tier { get; init; }

    /// <summary>Whether VmCloud can create it; Web Hosting and PaaS are sold but not provisioned here.</summary>
    public bool Provisionable { get; init; }

    /// <summary>The monthly price in euros; 0 for storage, which is priced per GiB.</summary>
    public decimal MonthlyEuros { get; init; }

    /// <summary>The catalogue's hourly price where it gives one (GPU plans).</summary>
    public decimal? HourlyEuros { get; init; }

    /// <summary>Storage only: euros per GiB per month.</summary>
    public decimal? EurosPerGiBMonth { get; init; }

    /// <summary>VPS and GPU: virtual CPUs.</summary>
    public int? Vcpus { get; init; }

    /// <summary>VPS and GPU: memory in GiB.</summary>
    public int? MemoryGiB { get; init; }

    /// <summary>VPS and GPU: system disk in GiB (a seed TB is 1000 GiB).</summary>
    public int? DiskGiB { get; init; }

    /// <summary>GPU only: the devices passed through.</summary>
    public GpuAllotment? Gpu { get; init; }

    /// <summary>VPS and Web Hosting: monthly bandwidth in TB; null when unlimited.</summary>
    public decimal? BandwidthTB { get; init; }

    /// <summary>VPS: the availability SLA in percent, e.g. 99.95.</summary>
    public decimal? SlaPercent { get; init; }

    /// <summary>Load balancer: most backends; null when unlimited.</summary>
    public int? MaxBackends { get; init; }

    /// <summary>Load balancer: requests per second the plan is sized for.</summary>
    public int? RequestsPerSecond { get; init; }

    /// <summary>Load balancer: whether its backends may be in other datacenters than itself (LB-GLOBAL).</summary>
    public bool MultiDatacenter { get; init; }

    /// <summary>Load balancer: listener protocols allowed (names of <c>ListenerProtocol</c>); empty otherwise.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];

    /// <summary>Storage: the media, e.g. "NVMe PCIe 4.0".</summary>
    public string? Media { get; init; }

    /// <summary>Storage: IOPS per TB provisioned.</summary>
    public int? IopsPerTB { get; init; }

    /// <summary>Storage: the latency bound in milliseconds (the seed's "&lt; 1ms" is 1).</summary>
    public decimal? LatencyMs { get; init; }

    /// <summary>CDN: number of points of presence.</summary>
    public int? Pops { get; init; }

    /// <summary>CDN: where the points of presence are.</summary>
    public string? PopRegion { get; init; }

    /// <summary>CDN: traffic included per month in TB.</summary>
    public decimal? IncludedTrafficTB { get; init; }

    /// <summary>CDN: the WAF level, one of Off, Basic, Advanced, Custom (names of <c>WafMode</c>).</summary>
    public string? Waf { get; init; }

    /// <summary>Web Hosting: sites; null when unlimited.</summary>
    public int? Sites { get; init; }

    /// <summary>Web Hosting: storage in GiB.</summary>
    public int? StorageGiB { get; init; }

    /// <summary>Web Hosting: databases; null when unlimited.</summary>
    public int? Databases { get; init; }

    /// <summary>Web Hosting: mailboxes; null when unlimited.</summary>
    public int? Emails { get; init; }

    /// <summary>PaaS: containers; null when not capped by the plan (a Kubernetes cluster).</summary>
    public int? Containers { get; init; }

    /// <summary>PaaS: memory per container in GiB; null when configurable.</summary>
    public int? MemoryGiBPerContainer { get; init; }

    /// <summary>PaaS: deployments per day; null when unlimited.</summary>
    public int? DeploymentsPerDay { get; init; }

    /// <summary>
    /// The price of one hour of this plan: the catalogue's hourly price when it has one,
    /// otherwise the monthly price spread over <paramref name="hoursPerMonth"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">For storage, which is priced per GiB: use <see cref="HourlyRatePerGiB"/>.</exception>
    public decimal HourlyRate(int hoursPerMonth)
    {
        if (Product == ProductLine.Storage)
            throw new InvalidOperationException($"{Name} is priced per GiB; use {nameof(HourlyRatePerGiB)}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hoursPerMonth);
        return HourlyEuros ?? MonthlyEuros / hoursPerMonth;
    }

    /// <summary>Storage only: the price of one GiB for one hour.</summary>
    /// <exception cref="InvalidOperationException">For offers not priced per GiB.</exception>
    public decimal HourlyRatePerGiB(int hoursPerMonth)
    {
        if (EurosPerGiBMonth is not { } perGiBMonth)
            throw new InvalidOperationException($"{Name} is not priced per GiB; use {nameof(HourlyRate)}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hoursPerMonth);
        return perGiBMonth / hoursPerMonth;
    }
}
