namespace VmCloud.Agent.Convergence;

/// <summary>Pool volumes are created at their size and grown when smaller; they never shrink, since that loses data.</summary>
internal static class VolumeRules
{
    public static void Converge(string uid, string name, long desiredGiB, PoolVolume? existing, PlanBuilder plan)
    {
        if (desiredGiB <= 0)
            plan.Error(uid, $"volume {name}: a size of {desiredGiB} GiB is not a size; it must be at least 1 GiB");
        else if (existing is null)
            plan.Add(new ResizeVolume(uid, name, desiredGiB, Exists: false));
        else if (existing.CapacityGiB < desiredGiB)
            plan.Add(new ResizeVolume(uid, name, desiredGiB, Exists: true));
        else if (existing.CapacityGiB > desiredGiB)
            plan.Error(uid, $"volume {name} is {existing.CapacityGiB} GiB and cannot shrink to {desiredGiB} GiB: volumes only grow; ask for at least {existing.CapacityGiB} GiB");
    }
}
