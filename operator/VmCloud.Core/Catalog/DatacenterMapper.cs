using System.Text.RegularExpressions;
using VmCloud.Api;

namespace VmCloud.Core.Catalog;

/// <summary>Validates datacenters.yaml and turns it into <see cref="Datacenter"/> records.</summary>
internal static partial class DatacenterMapper
{
    /// <summary>The datacenters, or null when there are errors (all of them reported).</summary>
    /// <param name="document">The parsed file.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="gpuModels">The catalogue's GPU models, or null when the catalogue did not load.</param>
    public static IReadOnlyList<Datacenter>? Map(DatacentersDocument document, PolicyFileErrors errors, IReadOnlyCollection<string>? gpuModels)
    {
        var errorsBefore = errors.Count;
        var entries = CatalogMapper.Entries(
            document.Datacenters, "datacenters", new FieldChecks(errors, document, "datacenters"), allowEmpty: false);
        var datacenters = entries.Select(entry => Datacenter(entry, errors, gpuModels)).ToList();
        CatalogMapper.ReportDuplicates(entries, d => d.Code, "datacenter", errors);
        return errors.Count > errorsBefore ? null : datacenters;
    }

    private static Datacenter Datacenter(DatacenterDocument document, PolicyFileErrors errors, IReadOnlyCollection<string>? gpuModels)
    {
        var check = new FieldChecks(errors, document, $"datacenter '{document.Code}'");
        var code = check.Text(document.Code, "code");
        if (document.Code is not null && !Code().IsMatch(code))
            check.Fail("'code' must be three capitals, a dash and a number, e.g. PAR-1.");
        var status = check.Choice(document.Status, "status", PolicyNames.DatacenterStatuses);

        var models = document.GpuModels ?? [];
        if (models.Any(string.IsNullOrWhiteSpace))
            check.Fail("'gpuModels' has an empty entry.");
        var named = models.OfType<string>().ToList();
        foreach (var twice in named.GroupBy(m => m).Where(g => g.Count() > 1))
            check.Fail($"'gpuModels' lists '{twice.Key}' twice.");
        GpuModelReferences.Check(named, gpuModels, check, "gpuModels");

        return new Datacenter(
            code,
            check.Text(document.Location, "location"),
            check.Text(document.Tier, "tier"),
            status,
            named,
            // An explicit `schedulable` is the policy override; otherwise only Operational takes placements.
            document.Schedulable ?? status == DatacenterStatus.Operational);
    }

    [GeneratedRegex(Patterns.Datacenter)]
    private static partial Regex Code();
}
