using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;

namespace VmCloud.Core.Validation;

/// <summary>
/// References between objects: always inside one namespace (a tenant reaches only its own objects),
/// to objects that exist, in the same datacenter where traffic or disks cannot cross.
/// </summary>
internal static class ReferenceRules
{
    public static void Check(ManifestIndex index, PolicySet policies, List<ManifestError> errors)
    {
        CheckVolumes(index, errors);
        foreach (var (m, lb) in index.OfKind<LoadBalancer>()) CheckBackends(index, policies, m, lb, errors);
        foreach (var (m, cdn) in index.OfKind<CdnDistribution>()) CheckOrigin(index, m, cdn, errors);
        CheckHostnames(index, errors);
    }

    // A volume is attached to one server: the server lists it and the volume's attachTo, if set, agrees.
    private static void CheckVolumes(ManifestIndex index, List<ManifestError> errors)
    {
        var claimedBy = new Dictionary<(string?, string), string>();
        foreach (var (m, server) in index.OfKind<IServer>())
        {
            var (volumes, datacenter) = (server.ServerSpec.Volumes, server.ServerSpec.Datacenter);
            for (var i = 0; i < volumes.Count; i++)
            {
                var path = $"spec.volumes[{i}]";
                var volume = index.Find<Volume>(m.Namespace, volumes[i]);
                if (volume is null)
                    errors.Add(m.Error(path, $"volume {volumes[i]} is not declared in {m.Namespace}; add a Volume named {volumes[i]}"));
                else if (!claimedBy.TryAdd((m.Namespace, volumes[i]), m.Name))
                    errors.Add(m.Error(path, claimedBy[(m.Namespace, volumes[i])] == m.Name
                        ? $"volume {volumes[i]} is listed twice; remove one"
                        : $"volume {volumes[i]} is already attached to {claimedBy[(m.Namespace, volumes[i])]}; a volume attaches to one server"));
                else if (volume.Spec.Datacenter != datacenter)
                    errors.Add(m.Error(path, $"volume {volumes[i]} is in {volume.Spec.Datacenter} but the server is in {datacenter}; a disk attaches only within its datacenter"));
                else if (volume.Spec.AttachTo is { } other && other != m.Name)
                    errors.Add(m.Error(path, $"volume {volumes[i]} says attachTo: {other}; make both sides name the same server"));
            }
        }
        foreach (var (m, volume) in index.OfKind<Volume>())
        {
            if (volume.Spec.AttachTo is not { } target) continue;
            var found = index.Servers(m.Namespace, target);
            if (found.Count == 0)
                errors.Add(m.Error("spec.attachTo", $"no VirtualServer or GpuInstance named {target} in {m.Namespace}"));
            else if (found.Count > 1)
                errors.Add(m.Error("spec.attachTo", $"both a VirtualServer and a GpuInstance are named {target}; rename one"));
            else if (!claimedBy.ContainsKey((m.Namespace, m.Name)))
                errors.Add(m.Error("spec.attachTo", $"{target} does not list this volume; add {m.Name} to its spec.volumes"));
        }
    }

    private static void CheckBackends(ManifestIndex index, PolicySet policies, Manifest m, LoadBalancer lb, List<ManifestError> errors)
    {
        var backends = lb.Spec.Backends;
        if (backends.Servers.Count == 0 && backends.Selector is null)
            errors.Add(m.Error("spec.backends", "backends needs servers, a selector, or both"));
        var selected = new Dictionary<string, IServer>();
        for (var i = 0; i < backends.Servers.Count; i++)
        {
            var found = index.Servers(m.Namespace, backends.Servers[i]);
            if (found.Count == 0) errors.Add(m.Error($"spec.backends.servers[{i}]", $"no VirtualServer or GpuInstance named {backends.Servers[i]} in {m.Namespace}"));
            else if (found.Count > 1) errors.Add(m.Error($"spec.backends.servers[{i}]", $"both a VirtualServer and a GpuInstance are named {backends.Servers[i]}; rename one"));
            else selected[backends.Servers[i]] = found[0];
        }
        if (backends.Selector is { } selector)
            foreach (var server in index.ServersIn(m.Namespace).Where(s => Matches(selector, s)))
                selected[server.Metadata.Name] = server;

        var offer = policies.Catalog.FindOffer(lb.Spec.Plan);
        if (offer?.MaxBackends is { } max && selected.Count > max)
            errors.Add(m.Error("spec.backends", $"{selected.Count} backends, but {lb.Spec.Plan} allows at most {max}; choose a larger plan"));
        if (offer is { MultiDatacenter: false })
            foreach (var (name, server) in selected.Where(s => s.Value.ServerSpec.Datacenter != lb.Spec.Datacenter))
                errors.Add(m.Error("spec.backends", $"backend {name} is in {server.ServerSpec.Datacenter} but the load balancer is in {lb.Spec.Datacenter}; only LB-GLOBAL spans datacenters"));
    }

    private static void CheckOrigin(ManifestIndex index, Manifest m, CdnDistribution cdn, List<ManifestError> errors)
    {
        // That exactly one of url and loadBalancer is set, the schema already checked.
        if (cdn.Spec.Origin.LoadBalancer is { } name && index.Find<LoadBalancer>(m.Namespace, name) is null)
            errors.Add(m.Error("spec.origin.loadBalancer", $"no LoadBalancer named {name} in {m.Namespace}"));
    }

    // A host name is served by one distribution, across every tenant: two would fight over it.
    private static void CheckHostnames(ManifestIndex index, List<ManifestError> errors)
    {
        var owners = new Dictionary<string, Manifest>(StringComparer.OrdinalIgnoreCase);
        foreach (var (m, cdn) in index.OfKind<CdnDistribution>())
            for (var i = 0; i < cdn.Spec.Hostnames.Count; i++)
                if (!owners.TryAdd(cdn.Spec.Hostnames[i], m))
                {
                    var owner = owners[cdn.Spec.Hostnames[i]];
                    errors.Add(m.Error($"spec.hostnames[{i}]", owner == m
                        ? $"{cdn.Spec.Hostnames[i]} is listed twice; remove one"
                        : $"{cdn.Spec.Hostnames[i]} is already served by CdnDistribution {owner.Namespace}/{owner.Name} ({owner.At}); a host name belongs to one distribution"));
                }
    }

    private static bool Matches(LabelSelector selector, IServer server) =>
        selector.MatchLabels.All(l => server.Metadata.Labels?.GetValueOrDefault(l.Key) == l.Value);
}
