using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>An L4/L7 load balancer in front of servers of the same tenant.</summary>
[Description("LoadBalancer spreads traffic over servers of the same namespace, with health checks; served by HAProxy on a load-balancer node.")]
[CustomResource("loadbalancers", "lb")]
[PrinterColumn("PLAN", ".spec.plan")]
[PrinterColumn("DATACENTER", ".spec.datacenter")]
[PrinterColumn("ADDRESS", ".status.address")]
[PrinterColumn("PHASE", ".status.phase")]
[PrinterColumn("READY", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("NODE", ".status.nodeName", Priority = 1)]
[PrinterColumn("AGE", ".metadata.creationTimestamp", "date")]
public sealed record LoadBalancer : CustomResource<LoadBalancerSpec, LoadBalancerStatus>
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = nameof(LoadBalancer);
}

/// <summary>Desired state of a <see cref="LoadBalancer"/>.</summary>
public sealed record LoadBalancerSpec
{
    /// <summary>The catalogue plan, which fixes protocols, backend count and price.</summary>
    [Required]
    [Description("Catalogue plan, which fixes the allowed protocols, the maximum number of backends and the monthly price.")]
    [AllowedValues("LB-STARTER", "LB-BUSINESS", "LB-ENTERPRISE", "LB-GLOBAL")]
    public string Plan { get; init; } = "";

    /// <summary>Where the load balancer runs.</summary>
    [Required]
    [Description("Datacenter code, e.g. PAR-1.")]
    [RegularExpression(Patterns.Datacenter)]
    public string Datacenter { get; init; } = "";

    /// <summary>The ports it accepts traffic on.</summary>
    [Required]
    [Description("Ports the load balancer accepts traffic on, each with a protocol allowed by the plan.")]
    [Length(1, 32)]
    public IReadOnlyList<Listener> Listeners { get; init; } = [];

    /// <summary>Where traffic goes.</summary>
    [Required]
    [Description("The servers traffic is spread over: by name, by label selector, or both.")]
    public Backends Backends { get; init; } = new();

    /// <summary>How backends are probed.</summary>
    [Description("How backends are probed; a backend failing its probes receives no traffic.")]
    public HealthCheck? HealthCheck { get; init; }
}

/// <summary>One port the load balancer accepts traffic on.</summary>
public sealed record Listener
{
    /// <summary>The public port.</summary>
    [Required]
    [Description("Public port.")]
    [Range(1, 65535)]
    public int Port { get; init; }

    /// <summary>The protocol, which the plan must allow.</summary>
    [Required]
    [Description("Protocol on this port. LB-STARTER allows HTTP and HTTPS; LB-BUSINESS adds TCP and UDP; LB-ENTERPRISE adds WebSocket; LB-GLOBAL adds gRPC and HTTP3.")]
    public ListenerProtocol Protocol { get; init; }
}

/// <summary>Protocols a listener can speak.</summary>
public enum ListenerProtocol
{
    /// <summary>HTTP/1.1 and HTTP/2 cleartext.</summary>
    HTTP,

    /// <summary>HTTP over TLS.</summary>
    HTTPS,

    /// <summary>Raw TCP.</summary>
    TCP,

    /// <summary>Raw UDP.</summary>
    UDP,

    /// <summary>Long-lived WebSocket upgrades.</summary>
    WebSocket,

    /// <summary>gRPC over HTTP/2.</summary>
    GRPC,

    /// <summary>HTTP/3 over QUIC.</summary>
    HTTP3,
}

/// <summary>The servers behind a load balancer.</summary>
public sealed record Backends
{
    /// <summary>Server names (VirtualServer or GpuInstance) in the same namespace.</summary>
    [Description("Names of VirtualServers or GpuInstances in the same namespace.")]
    [MaxLength(1000)]
    [RegularExpression(Patterns.DnsLabel)]
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>Servers of the same namespace whose labels match.</summary>
    [Description("Selects VirtualServers and GpuInstances of the same namespace by their labels.")]
    public LabelSelector? Selector { get; init; }

    /// <summary>The port the backends listen on.</summary>
    [Required]
    [Description("Port the backend servers listen on.")]
    [Range(1, 65535)]
    public int Port { get; init; }
}

/// <summary>A Kubernetes-style equality label selector.</summary>
public sealed record LabelSelector
{
    /// <summary>Every pair must be present on a selected object.</summary>
    [Description("Labels that a selected object must all carry, with these values.")]
    public IReadOnlyDictionary<string, string> MatchLabels { get; init; } = new Dictionary<string, string>();
}

/// <summary>How backends are probed.</summary>
public sealed record HealthCheck
{
    /// <summary>TCP connects; HTTP expects a 2xx or 3xx.</summary>
    [Description("TCP only connects; HTTP sends a GET to path and expects a 2xx or 3xx answer.")]
    [DefaultValue(HealthCheckProtocol.TCP)]
    public HealthCheckProtocol Protocol { get; init; } = HealthCheckProtocol.TCP;

    /// <summary>The path probed by HTTP checks.</summary>
    [Description("Path requested by HTTP checks.")]
    [RegularExpression("^/[^\\s]*$")]
    [MaxLength(1024)]
    public string? Path { get; init; }

    /// <summary>Seconds between probes.</summary>
    [Description("Seconds between two probes of one backend.")]
    [Range(1, 300)]
    [DefaultValue(10)]
    public int IntervalSeconds { get; init; } = 10;

    /// <summary>Seconds before a probe counts as failed.</summary>
    [Description("Seconds before a probe without an answer counts as failed.")]
    [Range(1, 60)]
    [DefaultValue(5)]
    public int TimeoutSeconds { get; init; } = 5;

    /// <summary>Failed probes in a row before a backend is taken out.</summary>
    [Description("Failed probes in a row before a backend stops receiving traffic.")]
    [Range(1, 10)]
    [DefaultValue(3)]
    public int UnhealthyThreshold { get; init; } = 3;

    /// <summary>Good probes in a row before a backend is put back.</summary>
    [Description("Successful probes in a row before a backend receives traffic again.")]
    [Range(1, 10)]
    [DefaultValue(2)]
    public int HealthyThreshold { get; init; } = 2;
}

/// <summary>Probe protocols.</summary>
public enum HealthCheckProtocol
{
    /// <summary>A TCP connect.</summary>
    TCP,

    /// <summary>An HTTP GET.</summary>
    HTTP,
}

/// <summary>Observed state of a <see cref="LoadBalancer"/>.</summary>
public sealed record LoadBalancerStatus : ResourceStatus
{
    /// <summary>The node serving the load balancer.</summary>
    [Description("The HypervisorNode (role lb) serving this load balancer.")]
    public string? NodeName { get; init; }

    /// <summary>The public address.</summary>
    [Description("The public address clients connect to.")]
    public string? Address { get; init; }

    /// <summary>How many backends pass their health check.</summary>
    [Description("How many backends currently pass their health check.")]
    [Range(0, int.MaxValue)]
    public int HealthyBackends { get; init; }
}
