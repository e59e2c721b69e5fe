using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;

namespace VmCloud.Core.Validation;

/// <summary>What the catalogue and the datacenter policy allow: plans, images, places, protocols, WAF levels.</summary>
internal static class CatalogRules
{
    public static void Check(ManifestIndex index, PolicySet policies, List<ManifestError> errors)
    {
        var rules = new Checker(policies, errors);
        foreach (var (m, vps) in index.OfKind<VirtualServer>())
        {
            rules.Offer(m, "spec.plan", vps.Spec.Plan, ProductLine.Vps);
            rules.Image(m, vps.Spec.Image);
            rules.Datacenter(m, vps.Spec.Datacenter);
        }
        foreach (var (m, gpu) in index.OfKind<GpuInstance>())
        {
            var offer = rules.Offer(m, "spec.plan", gpu.Spec.Plan, ProductLine.Gpu);
            rules.Image(m, gpu.Spec.Image);
            if (rules.Datacenter(m, gpu.Spec.Datacenter) is { } dc && offer?.Gpu is { } allotment && !dc.GpuModels.Contains(allotment.Model))
                errors.Add(m.Error("spec.datacenter", $"{gpu.Spec.Plan} needs {allotment.Model} GPUs, which {dc.Code} does not have; use a datacenter with {allotment.Model}: {string.Join(", ", policies.Datacenters.Where(d => d.GpuModels.Contains(allotment.Model)).Select(d => d.Code))}"));
        }
        foreach (var (m, lb) in index.OfKind<LoadBalancer>())
        {
            var offer = rules.Offer(m, "spec.plan", lb.Spec.Plan, ProductLine.LoadBalancer);
            rules.Datacenter(m, lb.Spec.Datacenter);
            for (var i = 0; offer is not null && i < lb.Spec.Listeners.Count; i++)
                if (!offer.Protocols.Contains(lb.Spec.Listeners[i].Protocol.ToString()))
                    errors.Add(m.Error($"spec.listeners[{i}].protocol", $"{lb.Spec.Plan} does not offer {lb.Spec.Listeners[i].Protocol} (it offers {string.Join(", ", offer.Protocols)}); choose a larger plan or another protocol"));
        }
        foreach (var (m, cdn) in index.OfKind<CdnDistribution>())
        {
            var offer = rules.Offer(m, "spec.plan", cdn.Spec.Plan, ProductLine.Cdn);
            if (offer?.Waf is { } waf && Enum.TryParse<WafMode>(waf, out var most) && cdn.Spec.WafMode > most)
                errors.Add(m.Error("spec.wafMode", $"{cdn.Spec.Plan} includes WAF up to {most}, not {cdn.Spec.WafMode}; choose a larger plan or a lower wafMode"));
        }
        foreach (var (m, volume) in index.OfKind<Volume>())
        {
            rules.Offer(m, "spec.class", volume.Spec.Class, ProductLine.Storage);
            rules.Datacenter(m, volume.Spec.Datacenter);
        }
        foreach (var (m, tenant) in index.OfKind<Tenant>())
            foreach (var model in tenant.Spec.Quotas?.Gpus?.Keys ?? [])
                rules.GpuModel(m, $"spec.quotas.gpus[{model}]", model);
        foreach (var (m, node) in index.OfKind<HypervisorNode>())
        {
            rules.Datacenter(m, node.Spec.Datacenter);
            for (var i = 0; i < (node.Status?.Gpus.Count ?? 0); i++)
                rules.GpuModel(m, $"status.gpus[{i}].model", node.Status!.Gpus[i].Model);
        }
    }

    private sealed class Checker(PolicySet policies, List<ManifestError> errors)
    {
        public Offer? Offer(Manifest m, string path, string plan, ProductLine line)
        {
            var offer = policies.Catalog.FindOffer(plan);
            if (offer is null || offer.Product != line)
                errors.Add(m.Error(path, $"{plan} is not a {line} offer of the catalogue (policies/catalog.yaml)"));
            else if (!offer.Provisionable)
                errors.Add(m.Error(path, $"{plan} is in the catalogue but cannot be provisioned by VmCloud yet"));
            else
                return offer;
            return null;
        }

        public void Image(Manifest m, string image)
        {
            if (policies.Catalog.FindImage(image) is null)
                errors.Add(m.Error("spec.image", $"image {image} is not in the catalogue (policies/catalog.yaml)"));
        }

        public Datacenter? Datacenter(Manifest m, string code)
        {
            // A datacenter in maintenance is still valid: it takes no new placements (the scheduler
            // says so), but servers already there must not make the whole repository invalid.
            var dc = policies.FindDatacenter(code);
            if (dc is null)
                errors.Add(m.Error("spec.datacenter", $"unknown datacenter {code}; VmCloud runs in {string.Join(", ", policies.Datacenters.Select(d => d.Code))}"));
            return dc;
        }

        public void GpuModel(Manifest m, string path, string model)
        {
            if (policies.Catalog.FindGpuModel(model) is null)
                errors.Add(m.Error(path, $"unknown GPU model {model}; the catalogue has {string.Join(", ", policies.Catalog.GpuModels.Select(g => g.Name))}"));
        }
    }
}
