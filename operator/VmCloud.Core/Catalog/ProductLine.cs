namespace VmCloud.Core.Catalog;

/// <summary>
/// The product lines of the catalogue. In policy YAML they are written
/// VPS, GPU, WebHosting, PaaS, LoadBalancer, Storage and CDN.
/// </summary>
public enum ProductLine
{
    /// <summary>Virtual private servers (YAML: VPS).</summary>
    Vps,

    /// <summary>Virtual machines with whole GPUs passed through (YAML: GPU).</summary>
    Gpu,

    /// <summary>Shared web hosting; sold but not provisioned by VmCloud (YAML: WebHosting).</summary>
    WebHosting,

    /// <summary>Container platform; sold but not provisioned by VmCloud (YAML: PaaS).</summary>
    Paas,

    /// <summary>L4/L7 load balancers (YAML: LoadBalancer).</summary>
    LoadBalancer,

    /// <summary>Block volumes priced per GiB-month (YAML: Storage).</summary>
    Storage,

    /// <summary>CDN distributions (YAML: CDN).</summary>
    Cdn,
}
