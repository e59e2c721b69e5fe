using System.Text;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>
/// The YAML of valid manifests of every kind, with the fields tests vary as parameters. Without
/// <c>ns</c> the namespace is left out, for files placed in a tenant folder.
/// </summary>
internal static class ManifestText
{
    public const string SshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ8GmrikIt8c3WGx/hIbNdAtqWzaFMprHLfrvyFyf19g me@example.com";

    public static string Tenant(string name, string? parent = null, bool annual = false, bool partner = false, string? gpuQuotaModel = null)
    {
        var text = Start("Tenant", name, ns: null, role: null)
            .Append("spec:\n")
            .Append($"  displayName: {name} Ltd\n")
            .Append($"  billingContact: billing@{name}.example.com\n");
        if (parent is not null) text.Append($"  parent: {parent}\n");
        if (annual || partner) text.Append($"  commitments:\n    annual: {Bool(annual)}\n    partner: {Bool(partner)}\n");
        if (gpuQuotaModel is not null) text.Append($"  quotas:\n    gpus:\n      {gpuQuotaModel}: 2\n");
        return text.ToString();
    }

    public static string VirtualServer(string name, string plan = "VPS-NANO", string datacenter = "PAR-1", string image = "debian-12",
        string? ns = null, string? role = null, params string[] volumes) =>
        Start("VirtualServer", name, ns, role)
            .Append("spec:\n")
            .Append($"  plan: {plan}\n")
            .Append($"  image: {image}\n")
            .Append($"  datacenter: {datacenter}\n")
            .Append($"  sshKeys:\n    - {SshKey}\n")
            .Append(List("volumes", volumes))
            .ToString();

    public static string GpuInstance(string name, string plan = "GPU-PRO", string datacenter = "PAR-1",
        string image = "gpu-ubuntu-22.04-cuda-12", string? ns = null, string? role = null, params string[] volumes) =>
        Start("GpuInstance", name, ns, role)
            .Append("spec:\n")
            .Append($"  plan: {plan}\n")
            .Append($"  image: {image}\n")
            .Append($"  datacenter: {datacenter}\n")
            .Append(List("volumes", volumes))
            .ToString();

    public static string LoadBalancer(string name, string plan = "LB-STARTER", string datacenter = "PAR-1", string protocol = "HTTP",
        string[]? servers = null, string? selectRole = null, string? ns = null)
    {
        var text = Start("LoadBalancer", name, ns, role: null)
            .Append("spec:\n")
            .Append($"  plan: {plan}\n")
            .Append($"  datacenter: {datacenter}\n")
            .Append($"  listeners:\n    - port: 80\n      protocol: {protocol}\n")
            .Append("  backends:\n    port: 8080\n");
        foreach (var line in List("servers", servers ?? []).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            text.Append("  ").Append(line).Append('\n');
        if (selectRole is not null) text.Append($"    selector:\n      matchLabels:\n        role: {selectRole}\n");
        return text.ToString();
    }

    public static string CdnDistribution(string name, string[] hostnames, string plan = "CDN-PRO", string? originLoadBalancer = null,
        string wafMode = "Off", string? ns = null) =>
        Start("CdnDistribution", name, ns, role: null)
            .Append("spec:\n")
            .Append($"  plan: {plan}\n")
            .Append(originLoadBalancer is null ? "  origin:\n    url: https://origin.example.com\n" : $"  origin:\n    loadBalancer: {originLoadBalancer}\n")
            .Append(List("hostnames", hostnames))
            .Append($"  wafMode: {wafMode}\n")
            .ToString();

    public static string Volume(string name, string storageClass = "STORAGE-SSD", int sizeGiB = 10, string datacenter = "PAR-1",
        string? attachTo = null, string? ns = null)
    {
        var text = Start("Volume", name, ns, role: null)
            .Append("spec:\n")
            .Append($"  class: {storageClass}\n")
            .Append($"  sizeGiB: {sizeGiB}\n")
            .Append($"  datacenter: {datacenter}\n");
        if (attachTo is not null) text.Append($"  attachTo: {attachTo}\n");
        return text.ToString();
    }

    public static string HypervisorNode(string name, string datacenter = "PAR-1", string role = "Compute") =>
        Start("HypervisorNode", name, ns: null, role: null)
            .Append("spec:\n")
            .Append($"  datacenter: {datacenter}\n")
            .Append($"  role: {role}\n")
            .ToString();

    private static StringBuilder Start(string kind, string name, string? ns, string? role)
    {
        var text = new StringBuilder("apiVersion: vmcloud.io/v1alpha1\n")
            .Append($"kind: {kind}\n")
            .Append("metadata:\n")
            .Append($"  name: {name}\n");
        if (ns is not null) text.Append($"  namespace: {ns}\n");
        if (role is not null) text.Append($"  labels:\n    role: {role}\n");
        return text;
    }

    private static string List(string key, string[] items) =>
        items.Length == 0 ? "" : $"  {key}:\n" + string.Concat(items.Select(i => $"    - {i}\n"));

    private static string Bool(bool value) => value ? "true" : "false";
}
