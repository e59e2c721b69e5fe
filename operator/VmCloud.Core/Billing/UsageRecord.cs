namespace VmCloud.Core.Billing;

/// <summary>
/// One started hour in which an agent confirmed a resource on a node: the fact billing is made of.
/// Keyed by (<see cref="Uid"/>, <see cref="Hour"/>): recording it twice changes nothing. It carries
/// the prices and discount in force at that hour, so a charge never depends on today's catalogue.
/// </summary>
/// <param name="Uid">The resource's uid.</param>
/// <param name="Hour">The start of the hour, UTC, on the hour.</param>
/// <param name="Tenant">The tenant (namespace) billed.</param>
/// <param name="Account">The billing account: the tenant's agency (parent) or the tenant itself.</param>
/// <param name="Kind">VirtualServer, GpuInstance, Volume, ...</param>
/// <param name="Name">The resource's name in its tenant.</param>
/// <param name="Plan">The catalogue plan (the storage class for volumes).</param>
/// <param name="Quantity">1 for instances, the size in GiB for volumes.</param>
/// <param name="HourlyEuros">The list price of this hour for the whole quantity, before discount.</param>
/// <param name="MonthlyCapEuros">The list price of a whole month for the whole quantity: the most a calendar month costs.</param>
/// <param name="DiscountRatio">The tenant's discount at that hour, at most the policy's cap (0.30).</param>
public sealed record UsageRecord(
    string Uid,
    DateTimeOffset Hour,
    string Tenant,
    string Account,
    string Kind,
    string Name,
    string Plan,
    decimal Quantity,
    decimal HourlyEuros,
    decimal MonthlyCapEuros,
    decimal DiscountRatio)
{
    /// <summary>The ledger's unique key.</summary>
    public (string Uid, DateTimeOffset Hour) Key => (Uid, Hour);
}
