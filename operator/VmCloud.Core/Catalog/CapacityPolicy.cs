namespace VmCloud.Core.Catalog;

/// <summary>How much of the fleet can be sold (policies/capacity.yaml).</summary>
/// <param name="Overcommit">Sellable capacity per unit of physical capacity.</param>
/// <param name="TargetUtilisation">Share of the sellable capacity to fill before the fleet counts as full.</param>
public sealed record CapacityPolicy(OvercommitRatios Overcommit, TargetUtilisation TargetUtilisation);

/// <summary>
/// Overcommit ratios, each at least 1. GPUs have none: they are whole devices, never shared.
/// </summary>
/// <param name="Vcpu">vCPUs sold per physical thread (2.0).</param>
/// <param name="Memory">Memory sold per physical GiB (1.0).</param>
/// <param name="Storage">Storage sold per physical GiB (1.0).</param>
public sealed record OvercommitRatios(decimal Vcpu, decimal Memory, decimal Storage);

/// <summary>Target utilisation ratios, each in (0, 1].</summary>
/// <param name="Vcpu">Target for sellable vCPUs.</param>
/// <param name="Memory">Target for memory.</param>
/// <param name="Storage">Target for storage.</param>
/// <param name="Gpus">Target per catalogue GPU model; every model of the catalogue has one.</param>
public sealed record TargetUtilisation(
    decimal Vcpu,
    decimal Memory,
    decimal Storage,
    IReadOnlyDictionary<string, decimal> Gpus)
{
    /// <summary>The target for a GPU model, or null when the model is not in the catalogue.</summary>
    public decimal? ForGpu(string model) => Gpus.TryGetValue(model, out var ratio) ? ratio : null;
}
