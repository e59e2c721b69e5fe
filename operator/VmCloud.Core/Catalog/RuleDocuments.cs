namespace VmCloud.Core.Catalog;

// The YAML shapes of capacity.yaml, datacenters.yaml, quotas.yaml and discounts.yaml.
// Everything is nullable so that a missing key can be told from a zero.

internal sealed class CapacityDocument : PositionedDocument
{
    public OvercommitDocument? Overcommit { get; set; }
    public TargetUtilisationDocument? TargetUtilisation { get; set; }
}

internal sealed class OvercommitDocument : PositionedDocument
{
    public decimal? Vcpu { get; set; }
    public decimal? Memory { get; set; }
    public decimal? Storage { get; set; }
}

internal sealed class TargetUtilisationDocument : PositionedDocument
{
    public decimal? Vcpu { get; set; }
    public decimal? Memory { get; set; }
    public decimal? Storage { get; set; }
    public Dictionary<string, decimal?>? Gpus { get; set; }
}

internal sealed class DatacentersDocument : PositionedDocument
{
    public List<DatacenterDocument?>? Datacenters { get; set; }
}

internal sealed class DatacenterDocument : PositionedDocument
{
    public string? Code { get; set; }
    public string? Location { get; set; }
    public string? Tier { get; set; }
    public string? Status { get; set; }
    public List<string?>? GpuModels { get; set; }
    public bool? Schedulable { get; set; }
}

internal sealed class QuotasDocument : PositionedDocument
{
    public QuotaDefaultsDocument? Defaults { get; set; }
}

internal sealed class QuotaDefaultsDocument : PositionedDocument
{
    public int? VirtualServers { get; set; }
    public int? GpuInstances { get; set; }
    public int? LoadBalancers { get; set; }
    public int? CdnDistributions { get; set; }
    public int? Volumes { get; set; }
    public int? Vcpus { get; set; }
    public int? MemoryGiB { get; set; }
    public int? StorageGiB { get; set; }
    public Dictionary<string, int?>? Gpus { get; set; }
}

internal sealed class DiscountsDocument : PositionedDocument
{
    public decimal? AnnualCommitment { get; set; }
    public decimal? Partner { get; set; }
    public MultiProductDocument? MultiProduct { get; set; }
    public decimal? MaxTotal { get; set; }
}

internal sealed class MultiProductDocument : PositionedDocument
{
    public decimal? Ratio { get; set; }
    public int? MinProducts { get; set; }
}
