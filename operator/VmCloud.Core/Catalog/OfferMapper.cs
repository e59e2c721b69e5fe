using System.Text.RegularExpressions;

namespace VmCloud.Core.Catalog;

/// <summary>Validates one offer of catalog.yaml and turns it into an <see cref="Offer"/>.</summary>
/// <param name="errors">Where problems go.</param>
/// <param name="gpuModels">The catalogue's GPU model names, which GPU offers must use.</param>
internal sealed partial class OfferMapper(PolicyFileErrors errors, IReadOnlyCollection<string> gpuModels)
{
    /// <summary>The offer, or null when it has errors (all of them reported).</summary>
    public Offer? Map(OfferDocument document)
    {
        var name = string.IsNullOrWhiteSpace(document.Name) ? "(unnamed)" : document.Name.Trim();
        var check = new FieldChecks(errors, document, $"offer '{name}'");
        check.Text(document.Name, "name");
        if (document.Name is not null && !OfferName().IsMatch(document.Name))
            check.Fail("'name' must be capitals, digits and dashes, e.g. VPS-NANO.");

        var product = check.Choice(document.Product, "product", PolicyNames.ProductLines);
        var tier = check.Text(document.Tier, "tier");
        if (document.Tier is not null && !PolicyNames.Tiers.Contains(document.Tier))
            check.Fail($"'tier' is '{document.Tier}'; it must be one of {string.Join(", ", PolicyNames.Tiers)}.");
        if (check.Failed)
            return null; // without a valid product line the rest cannot be judged

        foreach (var key in OfferFields.NotApplicable(document, product))
            check.Fail($"'{key}' does not apply to {PolicyNames.YamlName(product)} offers; remove it or fix 'product'.");

        var offer = new Offer
        {
            Name = name,
            Product = product,
            Tier = tier,
            Provisionable = check.Flag(document.Provisionable, "provisionable"),
            HourlyEuros = document.HourlyEuros is null ? null : check.Positive(document.HourlyEuros, "hourlyEuros"),
        };
        offer = product switch
        {
            ProductLine.Vps => Vps(document, check, offer),
            ProductLine.Gpu => Gpu(document, check, offer),
            ProductLine.WebHosting => WebHosting(document, check, offer),
            ProductLine.Paas => Paas(document, check, offer),
            ProductLine.LoadBalancer => LoadBalancer(document, check, offer),
            ProductLine.Storage => Storage(document, check, offer),
            _ => Cdn(document, check, offer),
        };
        return check.Failed ? null : offer;
    }

    private static Offer Vps(OfferDocument d, FieldChecks check, Offer offer)
    {
        var sla = check.Positive(d.SlaPercent, "slaPercent");
        if (sla > 100)
            check.Fail($"'slaPercent' is a percentage and cannot exceed 100, not {sla}.");
        return offer with
        {
            MonthlyEuros = check.Positive(d.MonthlyEuros, "monthlyEuros"),
            Vcpus = check.Count(d.Vcpus, "vcpus"),
            MemoryGiB = check.Count(d.MemoryGiB, "memoryGiB"),
            DiskGiB = check.Count(d.DiskGiB, "diskGiB"),
            BandwidthTB = check.AmountOrUnlimited(d.BandwidthTB, "bandwidthTB"),
            SlaPercent = sla,
        };
    }

    private Offer Gpu(OfferDocument d, FieldChecks check, Offer offer)
    {
        if (d.HourlyEuros is null)
            check.Fail("'hourlyEuros' is required for GPU offers (the catalogue prices GPUs by the hour).");
        return offer with
        {
            MonthlyEuros = check.Positive(d.MonthlyEuros, "monthlyEuros"),
            Gpu = Allotment(d.Gpu, check),
            Vcpus = check.Count(d.Vcpus, "vcpus"),
            MemoryGiB = check.Count(d.MemoryGiB, "memoryGiB"),
            DiskGiB = check.Count(d.DiskGiB, "diskGiB"),
        };
    }

    private GpuAllotment? Allotment(GpuAllotmentDocument? document, FieldChecks offerCheck)
    {
        if (document is null)
        {
            offerCheck.Fail("'gpu' is required for GPU offers, e.g. gpu: {model: T4, count: 1}.");
            return null;
        }
        var check = offerCheck.Nested(document, "gpu");
        var model = check.Text(document.Model, "model");
        if (document.Model is not null && !gpuModels.Contains(model))
            check.Fail($"model '{model}' is not a GPU model of the catalogue; use one of {string.Join(", ", gpuModels)} or add it to gpuModels.");
        return new GpuAllotment(model, check.Count(document.Count, "count"));
    }

    private static Offer WebHosting(OfferDocument d, FieldChecks check, Offer offer) => offer with
    {
        MonthlyEuros = check.Positive(d.MonthlyEuros, "monthlyEuros"),
        Sites = check.CountOrUnlimited(d.Sites, "sites"),
        StorageGiB = check.Count(d.StorageGiB, "storageGiB"),
        BandwidthTB = check.AmountOrUnlimited(d.BandwidthTB, "bandwidthTB"),
        Databases = check.CountOrUnlimited(d.Databases, "databases"),
        Emails = check.CountOrUnlimited(d.Emails, "emails"),
    };

    private static Offer Paas(OfferDocument d, FieldChecks check, Offer offer) => offer with
    {
        MonthlyEuros = check.Positive(d.MonthlyEuros, "monthlyEuros"),
        Containers = check.CountOrUnlimited(d.Containers, "containers"),
        MemoryGiBPerContainer = check.CountOrUnlimited(d.MemoryGiBPerContainer, "memoryGiBPerContainer"),
        DeploymentsPerDay = check.CountOrUnlimited(d.DeploymentsPerDay, "deploymentsPerDay"),
    };

    private static Offer LoadBalancer(OfferDocument d, FieldChecks check, Offer offer)
    {
        var protocols = d.Protocols ?? [];
        if (protocols.Count == 0)
            check.Fail($"'protocols' is required: a list of {string.Join(", ", PolicyNames.Protocols)}.");
        foreach (var protocol in protocols.Where(p => p is null || !PolicyNames.Protocols.Contains(p)))
            check.Fail($"protocol '{protocol}' is not one of {string.Join(", ", PolicyNames.Protocols)}.");
        foreach (var duplicate in protocols.GroupBy(p => p).Where(g => g.Count() > 1))
            check.Fail($"protocol '{duplicate.Key}' is listed twice.");
        return offer with
        {
            MonthlyEuros = check.Positive(d.MonthlyEuros, "monthlyEuros"),
            MaxBackends = check.CountOrUnlimited(d.MaxBackends, "maxBackends"),
            RequestsPerSecond = check.Count(d.RequestsPerSecond, "requestsPerSecond"),
            MultiDatacenter = d.MultiDatacenter ?? false,
            Protocols = [.. protocols.OfType<string>()],
        };
    }

    private static Offer Storage(OfferDocument d, FieldChecks check, Offer offer) => offer with
    {
        EurosPerGiBMonth = check.Positive(d.EurosPerGiBMonth, "eurosPerGiBMonth"),
        Media = check.Text(d.Media, "media"),
        IopsPerTB = check.Count(d.IopsPerTB, "iopsPerTB"),
        LatencyMs = check.Positive(d.LatencyMs, "latencyMs"),
    };

    private static Offer Cdn(OfferDocument d, FieldChecks check, Offer offer)
    {
        var waf = check.Text(d.Waf, "waf");
        if (d.Waf is not null && !PolicyNames.WafLevels.Contains(waf))
            check.Fail($"'waf' is '{waf}'; it must be one of {string.Join(", ", PolicyNames.WafLevels)}.");
        return offer with
        {
            MonthlyEuros = check.Positive(d.MonthlyEuros, "monthlyEuros"),
            Pops = check.Count(d.Pops, "pops"),
            PopRegion = check.Text(d.PopRegion, "popRegion"),
            IncludedTrafficTB = check.Positive(d.IncludedTrafficTB, "includedTrafficTB"),
            Waf = waf,
        };
    }

    [GeneratedRegex("^[A-Z0-9]+(-[A-Z0-9]+)*$")]
    private static partial Regex OfferName();
}
