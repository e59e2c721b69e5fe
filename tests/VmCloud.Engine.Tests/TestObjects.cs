using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Catalog;
using VmCloud.Tests;

namespace VmCloud.Engine.Tests;

/// <summary>Builders for the objects engine tests need, with the checkout's real policies.</summary>
internal static class TestObjects
{
    private static readonly Lazy<PolicySet> LoadedPolicies = new(() =>
        PolicyLoader.Load(RepoPaths.Combine("policies")).Policies ?? throw new InvalidOperationException("policies/ does not load"));

    public static PolicySet Policies => LoadedPolicies.Value;

    public static Tenant Tenant(string name, string? parent = null, TenantQuotas? quotas = null, Budget? budget = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new TenantSpec { DisplayName = name, BillingContact = $"billing@{name}.example", Parent = parent, Quotas = quotas, Budget = budget },
    };

    public static VirtualServer Vps(string ns, string name, string plan = "VPS-NANO", string datacenter = "PAR-1", params string[] volumes) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new VirtualServerSpec { Plan = plan, Image = "debian-12", Datacenter = datacenter, Volumes = volumes },
    };

    public static GpuInstance Gpu(string ns, string name, string plan, string datacenter = "PAR-1") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new GpuInstanceSpec { Plan = plan, Image = "gpu-ubuntu-22.04-cuda-12", Datacenter = datacenter },
    };

    public static Volume Volume(string ns, string name, int sizeGiB, string? attachTo = null, string datacenter = "PAR-1") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new VolumeSpec { Class = "STORAGE-NVME", SizeGiB = sizeGiB, Datacenter = datacenter, AttachTo = attachTo },
    };

    public static IEnumerable<CustomResource> Many(int count, Func<int, CustomResource> make) => Enumerable.Range(1, count).Select(make);
}
