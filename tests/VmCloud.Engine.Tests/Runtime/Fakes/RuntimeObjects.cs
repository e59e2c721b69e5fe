using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Runtime.Fakes;

/// <summary>Minimal objects for runtime tests (the runtime never looks inside a spec).</summary>
internal static class RuntimeObjects
{
    public static VirtualServer Vps(string name, string ns = "acme", string plan = "VPS-NANO") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new VirtualServerSpec { Plan = plan, Image = "debian-12", Datacenter = "PAR-1" },
    };

    public static HypervisorNode Node(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new HypervisorNodeSpec { Datacenter = "PAR-1", Role = NodeRole.Compute },
    };

    public static ResourceKey VpsKey(string name, string ns = "acme") => new(nameof(VirtualServer), ns, name);
}
