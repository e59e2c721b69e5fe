using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace VmCloud.Api.V1Alpha1;

/// <summary>A customer account; its name is the namespace its resources live in.</summary>
[Description("Tenant is a customer account. Its name is the namespace holding its resources. An agency tenant is the parent of its client tenants.")]
[CustomResource("tenants", "tn", Namespaced = false)]
[PrinterColumn("DISPLAY NAME", ".spec.displayName")]
[PrinterColumn("PARENT", ".spec.parent")]
[PrinterColumn("MONTHLY EUR", ".status.monthlyEuros", "number")]
[PrinterColumn("PHASE", ".status.phase")]
[PrinterColumn("READY", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn("AGE", ".metadata.creationTimestamp", "date")]
public sealed record Tenant : CustomResource<TenantSpec, TenantStatus>
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonPropertyOrder(-4)]
    public override string Kind { get; init; } = nameof(Tenant);
}

/// <summary>Desired state of a <see cref="Tenant"/>.</summary>
public sealed record TenantSpec
{
    /// <summary>The name shown on invoices.</summary>
    [Required]
    [Description("Customer name shown on invoices and dashboards.")]
    [Length(1, 200)]
    public string DisplayName { get; init; } = "";

    /// <summary>Where invoices and budget alerts go.</summary>
    [Required]
    [Description("E-mail address that receives invoices and budget alerts.")]
    [RegularExpression(Patterns.Email)]
    [MaxLength(254)]
    public string BillingContact { get; init; } = "";

    /// <summary>The agency tenant that owns this client tenant.</summary>
    [Description("The agency tenant this client tenant belongs to. The agency's quota covers its clients and its discounts apply to them.")]
    [RegularExpression(Patterns.DnsLabel)]
    public string? Parent { get; init; }

    /// <summary>Contracts that give discounts.</summary>
    [Description("Signed commitments, which give the discounts of the commercial rules.")]
    public Commitments Commitments { get; init; } = new();

    /// <summary>Limits on what the tenant may run; unset limits come from policy defaults.</summary>
    [Description("Limits on what the tenant may run. Unset limits take the defaults of policies/quotas.yaml.")]
    public TenantQuotas? Quotas { get; init; }

    /// <summary>Monthly spending budget.</summary>
    [Description("Monthly budget with alert thresholds and an optional hard cap.")]
    public Budget? Budget { get; init; }
}

/// <summary>Signed commitments of a tenant.</summary>
public sealed record Commitments
{
    /// <summary>A 12-month commitment (-17%).</summary>
    [Description("A 12-month commitment: -17% on every resource.")]
    public bool Annual { get; init; }

    /// <summary>A partner or agency contract (-15%).</summary>
    [Description("A partner or agency contract: -15% on every resource, client tenants included.")]
    public bool Partner { get; init; }
}

/// <summary>Limits on a tenant's resources; null means the policy default.</summary>
public sealed record TenantQuotas
{
    /// <summary>Most VirtualServers.</summary>
    [Description("Most VirtualServers.")]
    [Range(0, 100000)]
    public int? VirtualServers { get; init; }

    /// <summary>Most GpuInstances.</summary>
    [Description("Most GpuInstances.")]
    [Range(0, 10000)]
    public int? GpuInstances { get; init; }

    /// <summary>Most LoadBalancers.</summary>
    [Description("Most LoadBalancers.")]
    [Range(0, 10000)]
    public int? LoadBalancers { get; init; }

    /// <summary>Most CdnDistributions.</summary>
    [Description("Most CdnDistributions.")]
    [Range(0, 10000)]
    public int? CdnDistributions { get; init; }

    /// <summary>Most Volumes.</summary>
    [Description("Most Volumes.")]
    [Range(0, 100000)]
    public int? Volumes { get; init; }

    /// <summary>Most vCPUs over all servers.</summary>
    [Description("Most vCPUs over all VirtualServers and GpuInstances.")]
    [Range(0, 1000000)]
    public int? Vcpus { get; init; }

    /// <summary>Most memory over all servers.</summary>
    [Description("Most memory in GiB over all VirtualServers and GpuInstances.")]
    [Range(0, 100000000)]
    public int? MemoryGiB { get; init; }

    /// <summary>Most volume storage.</summary>
    [Description("Most Volume storage in GiB.")]
    [Range(0, 100000000)]
    public int? StorageGiB { get; init; }

    /// <summary>Most GPUs, by catalogue model.</summary>
    [Description("Most GPUs by catalogue model, e.g. {\"A100-80GB\": 8}.")]
    public IReadOnlyDictionary<string, int>? Gpus { get; init; }
}

/// <summary>A monthly spending budget.</summary>
public sealed record Budget
{
    /// <summary>The budget in euros per calendar month.</summary>
    [Required]
    [Description("Budget in euros per calendar month, after discounts.")]
    [Range(1, 10000000)]
    public int MonthlyEuros { get; init; }

    /// <summary>Percentages of the budget that raise an alert.</summary>
    [Description("Percentages of the budget at which an alert is raised.")]
    [MaxLength(10)]
    [Range(1, 1000)]
    public IReadOnlyList<int> AlertThresholds { get; init; } = [50, 80, 100];

    /// <summary>When true, new resources that would exceed the budget are refused.</summary>
    [Description("When true, admission refuses new resources that would take the monthly cost over the budget.")]
    public bool HardCap { get; init; }
}

/// <summary>Observed state of a <see cref="Tenant"/>.</summary>
public sealed record TenantStatus : ResourceStatus
{
    /// <summary>The monthly cost of what runs now, after discounts.</summary>
    [Description("Monthly cost in euros of the tenant's current resources, after discounts.")]
    [Range(0, double.MaxValue)]
    public double MonthlyEuros { get; init; }

    /// <summary>The discount applied to the tenant.</summary>
    [Description("Total discount ratio applied to the tenant, at most 0.30.")]
    [Range(0, 1)]
    public double DiscountRatio { get; init; }

    /// <summary>What the ledger has charged this calendar month, the open hours included.</summary>
    [Description("Euros charged this calendar month from the billing ledger, after caps and discounts; the current hours are provisional.")]
    [Range(0, double.MaxValue)]
    public double MonthToDateEuros { get; init; }

    /// <summary>Month to date over the monthly budget, when the tenant has one.</summary>
    [Description("Month-to-date charges over the monthly budget; absent without a budget.")]
    [Range(0, double.MaxValue)]
    public double? BudgetUsedRatio { get; init; }
}
