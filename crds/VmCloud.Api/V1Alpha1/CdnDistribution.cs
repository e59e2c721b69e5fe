using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>A CDN distribution caching an origin under the tenant's host names.</summary>
[Description("CdnDistribution caches an https origin or a LoadBalancer of the same namespace under the given host names, served by nginx on CDN nodes.")]
[CustomResource("cdndistributions", "cdn")]
[PrinterColumn("PLAN", ".spec.plan")]
[PrinterColumn("HOSTNAMES", ".spec.hostnames")]
[PrinterColumn("WAF", ".spec.wafMode")]
[PrinterColumn("PHASE", ".status.phase")]
[PrinterColumn("READY", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("AGE", ".metadata.creationTimestamp", "date")]
public sealed record CdnDistribution : CustomResource<CdnDistributionSpec, CdnDistributionStatus>
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = nameof(CdnDistribution);
}

/// <summary>Desired state of a <see cref="CdnDistribution"/>.</summary>
public sealed record CdnDistributionSpec
{
    /// <summary>The catalogue plan, which fixes PoPs, included traffic, WAF level and price.</summary>
    [Required]
    [Description("Catalogue plan, which fixes the points of presence, the included monthly traffic, the WAF level and the monthly price.")]
    [AllowedValues("CDN-STARTER", "CDN-PRO", "CDN-BUSINESS", "CDN-GLOBAL")]
    public string Plan { get; init; } = "";

    /// <summary>Where cache misses are fetched from.</summary>
    [Required]
    [Description("Where cache misses are fetched from: an https URL or a LoadBalancer of the same namespace, exactly one.")]
    public Origin Origin { get; init; } = new();

    /// <summary>Host names served, each by one distribution only.</summary>
    [Required]
    [Description("Host names served by this distribution. A host name can belong to one distribution only.")]
    [Length(1, 100)]
    [RegularExpression(Patterns.Hostname)]
    public IReadOnlyList<string> Hostnames { get; init; } = [];

    /// <summary>How long responses are cached, by path.</summary>
    [Description("Cache lifetimes by path pattern; the first matching rule wins.")]
    [MaxLength(100)]
    public IReadOnlyList<CacheRule> CacheRules { get; init; } = [];

    /// <summary>The web application firewall level, which the plan must include.</summary>
    [Description("Web application firewall: Off, Basic (CDN-PRO and up), Advanced (CDN-BUSINESS and up) or Custom rules (CDN-GLOBAL).")]
    [DefaultValue(WafMode.Off)]
    public WafMode WafMode { get; init; } = WafMode.Off;
}

/// <summary>Exactly one of <see cref="Url"/> or <see cref="LoadBalancer"/>.</summary>
[ExactlyOneOf("url", "loadBalancer")]
public sealed record Origin
{
    /// <summary>An https URL.</summary>
    [Description("An https URL of the origin, e.g. https://origin.example.com.")]
    [RegularExpression(Patterns.HttpsUrl)]
    [MaxLength(2048)]
    public string? Url { get; init; }

    /// <summary>A LoadBalancer of the same namespace.</summary>
    [Description("Name of a LoadBalancer in the same namespace.")]
    [RegularExpression(Patterns.DnsLabel)]
    public string? LoadBalancer { get; init; }
}

/// <summary>A cache lifetime for paths matching a pattern.</summary>
public sealed record CacheRule
{
    /// <summary>A path glob such as /static/*.</summary>
    [Required]
    [Description("Path pattern, with * matching any characters, e.g. /static/* or *.css.")]
    [RegularExpression(@"^[/*][^\s]*$")]
    [MaxLength(1024)]
    public string PathPattern { get; init; } = "";

    /// <summary>Seconds a response stays cached; 0 bypasses the cache.</summary>
    [Required]
    [Description("Seconds a response stays cached; 0 bypasses the cache. At most one year.")]
    [Range(0, 31536000)]
    public int TtlSeconds { get; init; }
}

/// <summary>Web application firewall levels, in increasing order.</summary>
public enum WafMode
{
    /// <summary>No WAF.</summary>
    Off,

    /// <summary>The basic rule set.</summary>
    Basic,

    /// <summary>The advanced managed rule set.</summary>
    Advanced,

    /// <summary>Managed rules plus the customer's own.</summary>
    Custom,
}

/// <summary>Observed state of a <see cref="CdnDistribution"/>.</summary>
public sealed record CdnDistributionStatus : ResourceStatus
{
    /// <summary>The CDN nodes serving the distribution.</summary>
    [Description("The HypervisorNodes (role cdn) serving this distribution.")]
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>Traffic served in the current calendar month.</summary>
    [Description("Bytes served in the current calendar month, as reported by the CDN nodes.")]
    [Range(0, long.MaxValue)]
    public long TrafficBytesThisMonth { get; init; }
}
