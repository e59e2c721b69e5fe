using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Store;

/// <summary>Objects for store tests: small, valid, and easy to tell apart.</summary>
internal static class StoreTestObjects
{
    public static VirtualServer Server(string name, string ns = "acme", string plan = "VPS-STARTER") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new VirtualServerSpec { Plan = plan, Image = "debian-12", Datacenter = "fra1", SshKeys = ["ssh-ed25519 AAAA test"] },
    };

    public static Tenant Tenant(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new TenantSpec { DisplayName = $"Tenant {name}", BillingContact = $"billing@{name}.example" },
    };

    public static ServerStatus Running(string node, long observedGeneration = 1) => new()
    {
        Phase = "Running",
        NodeName = node,
        ObservedGeneration = observedGeneration,
        Addresses = ["10.0.0.7"],
    };

    public static ResourceKey Key(CustomResource resource) => ResourceKey.Of(resource);

    public static long RevisionOf(CustomResource resource) => long.Parse(resource.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture);

    public static string[] Finalizers(params string[] names) => names;
}
