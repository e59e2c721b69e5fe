namespace VmCloud.Core.Catalog;

/// <summary>The GPUs a GPU plan passes through: <paramref name="Count"/> whole devices of one model.</summary>
/// <param name="Model">A catalogue GPU model name, e.g. A100-80GB.</param>
/// <param name="Count">How many devices; GPUs are never shared.</param>
public sealed record GpuAllotment(string Model, int Count);
