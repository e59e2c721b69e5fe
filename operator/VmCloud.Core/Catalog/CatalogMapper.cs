using System.Text.RegularExpressions;
using VmCloud.Api;

namespace VmCloud.Core.Catalog;

/// <summary>Validates catalog.yaml and turns it into a <see cref="ProductCatalog"/>.</summary>
internal static partial class CatalogMapper
{
    // A month has at most 31 x 24 hours; anything above is a typo.
    private const int MaxHoursPerMonth = 744;

    /// <summary>The catalogue, or null when it has errors (all of them reported).</summary>
    public static ProductCatalog? Map(CatalogDocument document, PolicyFileErrors errors)
    {
        var errorsBefore = errors.Count;
        var check = new FieldChecks(errors, document, "catalog");
        var currency = check.Text(document.Currency, "currency");
        if (document.Currency is not null && currency != "EUR")
            check.Fail($"'currency' is '{currency}'; prices are in euros, so it must be EUR.");
        var hours = check.Count(document.HoursPerMonth, "hoursPerMonth");
        if (hours > MaxHoursPerMonth)
            check.Fail($"'hoursPerMonth' must be at most {MaxHoursPerMonth}, not {hours}.");

        var gpuModels = GpuModels(Entries(document.GpuModels, "gpuModels", check, allowEmpty: true), errors);
        var images = Images(Entries(document.Images, "images", check, allowEmpty: false), errors);
        var mapper = new OfferMapper(errors, [.. gpuModels.Select(g => g.Name)]);
        var offerDocuments = Entries(document.Offers, "offers", check, allowEmpty: false);
        var offers = offerDocuments.Select(mapper.Map).OfType<Offer>().ToList();
        ReportDuplicates(offerDocuments, o => o.Name, "offer", errors);
        return errors.Count > errorsBefore ? null : new ProductCatalog
        {
            Currency = currency,
            HoursPerMonth = hours,
            GpuModels = gpuModels,
            Images = images,
            Offers = offers,
        };
    }

    private static List<GpuModel> GpuModels(List<GpuModelDocument> documents, PolicyFileErrors errors)
    {
        var models = new List<GpuModel>();
        foreach (var document in documents)
        {
            var check = new FieldChecks(errors, document, $"gpu model '{document.Name}'");
            var name = check.Text(document.Name, "name");
            if (document.Name is not null && !GpuModelName().IsMatch(name))
                check.Fail($"'name' must be capitals, digits and dashes, e.g. A100-80GB.");
            var nvmlNames = document.NvmlNames ?? [];
            if (nvmlNames.Count == 0 || nvmlNames.Any(string.IsNullOrWhiteSpace))
                check.Fail("'nvmlNames' must list the product names NVML reports for this model, e.g. [\"Tesla T4\"].");
            models.Add(new GpuModel(
                name,
                check.Text(document.DisplayName, "displayName"),
                check.Count(document.MemoryGiB, "memoryGiB"),
                [.. nvmlNames.OfType<string>()]));
        }
        ReportDuplicates(documents, g => g.Name, "gpu model", errors);
        var nvml = documents.SelectMany(d => (d.NvmlNames ?? []).Select(n => (Document: d, Name: n)));
        foreach (var clash in nvml.GroupBy(x => x.Name).Where(g => g.Key is not null && g.Count() > 1))
            errors.Report(clash.Last().Document, $"nvml name '{clash.Key}' belongs to more than one gpu model; a device must map to one model.");
        return models;
    }

    private static List<Image> Images(List<ImageDocument> documents, PolicyFileErrors errors)
    {
        var images = new List<Image>();
        foreach (var document in documents)
        {
            var check = new FieldChecks(errors, document, $"image '{document.Name}'");
            var name = check.Text(document.Name, "name");
            if (document.Name is not null && !ImageName().IsMatch(name))
                check.Fail("'name' must be lower-case letters, digits, dots and dashes, e.g. ubuntu-24.04.");
            var product = check.Choice(document.Product, "product", PolicyNames.ProductLines);
            if (document.Product is not null && product is not (ProductLine.Vps or ProductLine.Gpu))
                check.Fail("'product' must be VPS or GPU: only servers boot images.");
            images.Add(new Image(
                name,
                product,
                check.Text(document.Os, "os"),
                check.Choice(document.Family, "family", PolicyNames.OsFamilies),
                check.Choice(document.Support, "support", PolicyNames.ImageSupports)));
        }
        ReportDuplicates(documents, i => i.Name, "image", errors);
        return images;
    }

    /// <summary>The entries of a list, reporting a missing list or empty entries.</summary>
    internal static List<T> Entries<T>(List<T?>? list, string key, FieldChecks owner, bool allowEmpty)
        where T : PositionedDocument
    {
        if (list is null || (list.Count == 0 && !allowEmpty))
            owner.Fail($"'{key}' is required and must not be empty.");
        if (list?.Any(e => e is null) == true)
            owner.Fail($"'{key}' has an empty entry; remove the lone '-'.");
        return [.. (list ?? []).OfType<T>()];
    }

    /// <summary>Reports every entry whose name was already used, at the later entry.</summary>
    internal static void ReportDuplicates<T>(IEnumerable<T> documents, Func<T, string?> name, string what, PolicyFileErrors errors)
        where T : PositionedDocument
    {
        var seen = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (name(document) is not { } key)
                continue;
            if (!seen.TryAdd(key, document))
                errors.Report(document, $"{what} '{key}' is defined twice (first at line {seen[key].Position.Line}); names must be unique.");
        }
    }

    [GeneratedRegex(Patterns.GpuModel)]
    private static partial Regex GpuModelName();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex ImageName();
}
