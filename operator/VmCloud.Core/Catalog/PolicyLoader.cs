namespace VmCloud.Core.Catalog;

/// <summary>
/// Loads and validates the policy files of a directory (catalog.yaml, capacity.yaml,
/// datacenters.yaml, quotas.yaml, discounts.yaml). It never throws on bad input: every
/// problem comes back as a <see cref="PolicyError"/> naming the file, line and what to fix.
/// </summary>
public static class PolicyLoader
{
    /// <summary>The catalogue file name.</summary>
    public const string CatalogFile = "catalog.yaml";

    /// <summary>The capacity rules file name.</summary>
    public const string CapacityFile = "capacity.yaml";

    /// <summary>The datacenters file name.</summary>
    public const string DatacentersFile = "datacenters.yaml";

    /// <summary>The default quotas file name.</summary>
    public const string QuotasFile = "quotas.yaml";

    /// <summary>The discount rules file name.</summary>
    public const string DiscountsFile = "discounts.yaml";

    /// <summary>Loads every policy file of <paramref name="policiesDirectory"/>, all or nothing.</summary>
    /// <param name="policiesDirectory">The directory; error paths are built from it as given.</param>
    public static PolicyLoadResult Load(string policiesDirectory)
    {
        ArgumentNullException.ThrowIfNull(policiesDirectory);
        string[] files = [.. new[] { CatalogFile, CapacityFile, DatacentersFile, QuotasFile, DiscountsFile }
            .Select(f => Path.Combine(policiesDirectory, f))];
        var all = new PolicyErrorList();

        // The catalogue goes first: the other files refer to its GPU models. When it fails, they
        // are still checked on their own, just not against it.
        var catalogErrors = all.For(files[0]);
        var catalog = PolicyYamlReader.Read<CatalogDocument>(catalogErrors) is { } catalogDocument
            ? CatalogMapper.Map(catalogDocument, catalogErrors)
            : null;
        IReadOnlyCollection<string>? gpuModels = catalog is null ? null : [.. catalog.GpuModels.Select(g => g.Name)];

        var capacity = Map<CapacityDocument, CapacityPolicy>(all.For(files[1]), (d, e) => CapacityMapper.Map(d, e, gpuModels));
        var datacenters = Map<DatacentersDocument, IReadOnlyList<Datacenter>>(all.For(files[2]), (d, e) => DatacenterMapper.Map(d, e, gpuModels));
        var quotas = Map<QuotasDocument, DefaultQuotas>(all.For(files[3]), (d, e) => QuotaMapper.Map(d, e, gpuModels));
        var discounts = Map<DiscountsDocument, DiscountPolicy>(all.For(files[4]), DiscountMapper.Map);

        if (all.Count > 0 || catalog is null || capacity is null || datacenters is null || quotas is null || discounts is null)
            return PolicyLoadResult.Failure(all.Sorted(files));
        return PolicyLoadResult.Success(new PolicySet(catalog, capacity, datacenters, quotas, discounts));
    }

    private static TResult? Map<TDocument, TResult>(PolicyFileErrors errors, Func<TDocument, PolicyFileErrors, TResult?> map)
        where TDocument : PositionedDocument
        where TResult : class =>
        PolicyYamlReader.Read<TDocument>(errors) is { } document ? map(document, errors) : null;
}
