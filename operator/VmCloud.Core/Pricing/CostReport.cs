namespace VmCloud.Core.Pricing;

/// <summary>The monthly list price of one resource, before discounts.</summary>
public sealed record ResourceCost(string Kind, string Namespace, string Name, string Plan, decimal MonthlyEuros);

/// <summary>A tenant's monthly cost after its discount, with the resources it is made of.</summary>
public sealed record TenantCost(string Tenant, decimal MonthlyEuros, decimal DiscountRatio, IReadOnlyList<ResourceCost> Resources);

/// <summary>The monthly cost of a set of resources, per tenant.</summary>
public sealed record CostReport(string Currency, IReadOnlyList<TenantCost> Tenants, decimal TotalMonthlyEuros);
