namespace VmCloud.Core.Billing;

/// <summary>What one usage record costs.</summary>
/// <param name="Record">The hour billed.</param>
/// <param name="ListEuros">The list price of the hour after the monthly cap: the hourly rate, less once the month's cap is reached.</param>
/// <param name="NetEuros">After the tenant's discount.</param>
public sealed record HourCharge(UsageRecord Record, decimal ListEuros, decimal NetEuros)
{
    /// <summary>The monthly cap took (part of) this hour off.</summary>
    public bool Capped => ListEuros < Record.HourlyEuros;

    /// <summary>The discount in euros.</summary>
    public decimal DiscountEuros => ListEuros - NetEuros;
}
