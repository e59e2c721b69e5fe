using VmCloud.Api;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Core.Tests.Pricing;

/// <summary>Typed objects for billing tests, with only the fields prices depend on.</summary>
internal static class Resources
{
    public static Tenant Tenant(string name, string? parent = null, bool annual = false, bool partner = false) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new TenantSpec
        {
            DisplayName = name,
            BillingContact = $"billing@{name}.example.com",
            Parent = parent,
            Commitments = new Commitments { Annual = annual, Partner = partner },
        },
    };

    public static VirtualServer Server(string ns, string name, string plan = "VPS-NANO") => new()
    {
        Metadata = Meta(ns, name),
        Spec = new VirtualServerSpec { Plan = plan, Image = "debian-12", Datacenter = "PAR-1" },
    };

    public static GpuInstance Gpu(string ns, string name, string plan = "GPU-STARTER") => new()
    {
        Metadata = Meta(ns, name),
        Spec = new GpuInstanceSpec { Plan = plan, Image = "gpu-ubuntu-22.04-cuda-12", Datacenter = "AMS-1" },
    };

    public static LoadBalancer LoadBalancer(string ns, string name, string plan = "LB-STARTER") => new()
    {
        Metadata = Meta(ns, name),
        Spec = new LoadBalancerSpec { Plan = plan, Datacenter = "PAR-1" },
    };

    public static CdnDistribution Cdn(string ns, string name, string plan = "CDN-STARTER") => new()
    {
        Metadata = Meta(ns, name),
        Spec = new CdnDistributionSpec { Plan = plan, Hostnames = [$"{name}.example.com"] },
    };

    public static Volume Volume(string ns, string name, int sizeGiB, string storageClass = "STORAGE-SSD") => new()
    {
        Metadata = Meta(ns, name),
        Spec = new VolumeSpec { Class = storageClass, SizeGiB = sizeGiB, Datacenter = "PAR-1" },
    };

    public static HypervisorNode Node(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new HypervisorNodeSpec { Datacenter = "PAR-1", Role = NodeRole.Compute },
    };

    private static ObjectMeta Meta(string ns, string name) => new() { Name = name, Namespace = ns };
}
