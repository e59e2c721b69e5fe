namespace VmCloud.Engine.Scheduling;

/// <summary>An amount of the three divisible node resources: vCPUs, memory and local storage.</summary>
/// <param name="Vcpus">vCPUs (on a node's capacity: hardware threads, before overcommit).</param>
/// <param name="MemoryGiB">Memory in GiB.</param>
/// <param name="StorageGiB">Local NVMe storage in GiB.</param>
public readonly record struct ResourceAmounts(int Vcpus, int MemoryGiB, int StorageGiB)
{
    /// <summary>Nothing.</summary>
    public static ResourceAmounts None => default;

    /// <summary>The sum of two amounts.</summary>
    public static ResourceAmounts operator +(ResourceAmounts a, ResourceAmounts b) =>
        new(a.Vcpus + b.Vcpus, a.MemoryGiB + b.MemoryGiB, a.StorageGiB + b.StorageGiB);

    /// <summary>The difference of two amounts.</summary>
    public static ResourceAmounts operator -(ResourceAmounts a, ResourceAmounts b) =>
        new(a.Vcpus - b.Vcpus, a.MemoryGiB - b.MemoryGiB, a.StorageGiB - b.StorageGiB);

    /// <summary>The sum of two amounts.</summary>
    public static ResourceAmounts Add(ResourceAmounts a, ResourceAmounts b) => a + b;

    /// <summary>The difference of two amounts.</summary>
    public static ResourceAmounts Subtract(ResourceAmounts a, ResourceAmounts b) => a - b;
}
