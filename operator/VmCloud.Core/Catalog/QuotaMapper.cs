namespace VmCloud.Core.Catalog;

/// <summary>Validates quotas.yaml and turns it into <see cref="DefaultQuotas"/>.</summary>
internal static class QuotaMapper
{
    /// <summary>The default quotas, or null when they have errors (all of them reported).</summary>
    /// <param name="document">The parsed file.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="gpuModels">The catalogue's GPU models, or null when the catalogue did not load.</param>
    public static DefaultQuotas? Map(QuotasDocument document, PolicyFileErrors errors, IReadOnlyCollection<string>? gpuModels)
    {
        var errorsBefore = errors.Count;
        if (document.Defaults is null)
            errors.Report(document, "quotas: 'defaults' is required, with the limits of a tenant that sets none.");
        var defaults = document.Defaults ?? new QuotaDefaultsDocument();
        var check = new FieldChecks(errors, defaults, "defaults");
        // Zero is a valid limit: it forbids the kind of resource.
        var quotas = new DefaultQuotas
        {
            VirtualServers = check.Count(defaults.VirtualServers, "virtualServers", min: 0),
            GpuInstances = check.Count(defaults.GpuInstances, "gpuInstances", min: 0),
            LoadBalancers = check.Count(defaults.LoadBalancers, "loadBalancers", min: 0),
            CdnDistributions = check.Count(defaults.CdnDistributions, "cdnDistributions", min: 0),
            Volumes = check.Count(defaults.Volumes, "volumes", min: 0),
            Vcpus = check.Count(defaults.Vcpus, "vcpus", min: 0),
            MemoryGiB = check.Count(defaults.MemoryGiB, "memoryGiB", min: 0),
            StorageGiB = check.Count(defaults.StorageGiB, "storageGiB", min: 0),
            Gpus = Gpus(defaults, check, gpuModels),
        };
        return errors.Count > errorsBefore ? null : quotas;
    }

    private static Dictionary<string, int> Gpus(QuotaDefaultsDocument defaults, FieldChecks check, IReadOnlyCollection<string>? gpuModels)
    {
        if (defaults.Gpus is null)
        {
            check.Fail("'gpus' is required: the most GPUs per catalogue model, e.g. gpus: {T4: 2}.");
            return [];
        }
        GpuModelReferences.Check(defaults.Gpus.Keys, gpuModels, check, "gpus");
        return defaults.Gpus.ToDictionary(g => g.Key, g => check.Count(g.Value, $"gpus.{g.Key}", min: 0), StringComparer.Ordinal);
    }
}
