namespace VmCloud.Core.Catalog;

/// <summary>Validates capacity.yaml and turns it into a <see cref="CapacityPolicy"/>.</summary>
internal static class CapacityMapper
{
    /// <summary>The policy, or null when it has errors (all of them reported).</summary>
    /// <param name="document">The parsed file.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="gpuModels">The catalogue's GPU models, or null when the catalogue did not load.</param>
    public static CapacityPolicy? Map(CapacityDocument document, PolicyFileErrors errors, IReadOnlyCollection<string>? gpuModels)
    {
        var errorsBefore = errors.Count;
        var check = new FieldChecks(errors, document, "capacity");
        if (document.Overcommit is null)
            check.Fail("'overcommit' is required, with vcpu, memory and storage ratios.");
        if (document.TargetUtilisation is null)
            check.Fail("'targetUtilisation' is required, with vcpu, memory, storage and gpus ratios.");

        var overcommit = document.Overcommit ?? new OvercommitDocument();
        var overcommitCheck = new FieldChecks(errors, overcommit, "overcommit");
        var ratios = new OvercommitRatios(
            overcommitCheck.AtLeastOne(overcommit.Vcpu, "vcpu"),
            overcommitCheck.AtLeastOne(overcommit.Memory, "memory"),
            overcommitCheck.AtLeastOne(overcommit.Storage, "storage"));

        var target = document.TargetUtilisation ?? new TargetUtilisationDocument();
        var targetCheck = new FieldChecks(errors, target, "targetUtilisation");
        var utilisation = new TargetUtilisation(
            targetCheck.Ratio(target.Vcpu, "vcpu"),
            targetCheck.Ratio(target.Memory, "memory"),
            targetCheck.Ratio(target.Storage, "storage"),
            GpuTargets(target, targetCheck, gpuModels));

        return errors.Count > errorsBefore ? null : new CapacityPolicy(ratios, utilisation);
    }

    private static Dictionary<string, decimal> GpuTargets(
        TargetUtilisationDocument target, FieldChecks check, IReadOnlyCollection<string>? gpuModels)
    {
        if (target.Gpus is null)
        {
            check.Fail("'gpus' is required: a target ratio per catalogue GPU model, e.g. gpus: {T4: 0.80}.");
            return [];
        }
        var targets = target.Gpus.ToDictionary(g => g.Key, g => check.Ratio(g.Value, $"gpus.{g.Key}"), StringComparer.Ordinal);
        GpuModelReferences.Check(targets.Keys, gpuModels, check, "gpus");
        // GPUs have no overcommit, so the target is the only capacity rule for them: require one per model.
        foreach (var missing in (gpuModels ?? []).Where(m => !targets.ContainsKey(m)))
            check.Fail($"GPU model '{missing}' has no target; add it under gpus.");
        return targets;
    }
}

/// <summary>Checks that names used as GPU models are models of the catalogue.</summary>
internal static class GpuModelReferences
{
    /// <param name="used">The names used.</param>
    /// <param name="known">The catalogue's models, or null when the catalogue did not load (nothing to check against).</param>
    /// <param name="check">Where to report.</param>
    /// <param name="key">The key that holds the names.</param>
    public static void Check(IEnumerable<string> used, IReadOnlyCollection<string>? known, FieldChecks check, string key)
    {
        if (known is null)
            return;
        foreach (var model in used.Where(m => !known.Contains(m)))
            check.Fail($"'{key}' names GPU model '{model}', which is not in catalog.yaml gpuModels ({string.Join(", ", known)}).");
    }
}
