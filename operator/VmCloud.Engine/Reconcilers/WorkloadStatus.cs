using VmCloud.Api;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Engine.Reconcilers;

/// <summary>
/// The status fields the control plane owns for the kinds it places, whatever the kind:
/// generation, phase, conditions, the node bound to, the GPUs passed through, and what the node's
/// agent reports (a server's addresses, a volume's allocated size).
/// </summary>
public sealed record WorkloadStatus(
    long ObservedGeneration, string? Phase, IReadOnlyList<Condition> Conditions, string? NodeName, IReadOnlyList<string> Gpus,
    IReadOnlyList<string> Addresses, int AllocatedGiB)
{
    /// <summary>The status an object has now.</summary>
    public static WorkloadStatus Of(CustomResource resource)
    {
        var status = resource.StatusBase;
        var server = (resource as IServer)?.Status;
        return new WorkloadStatus(status?.ObservedGeneration ?? 0, status?.Phase, status?.Conditions ?? [],
            FleetView.Bound(resource), server?.Gpus ?? [], server?.Addresses ?? [], (resource as Volume)?.Status?.AllocatedGiB ?? 0);
    }

    /// <summary>The object with this status (its other status fields kept).</summary>
    public CustomResource ApplyTo(CustomResource resource) => resource switch
    {
        VirtualServer v => v with { Status = Server(v.Status) },
        GpuInstance g => g with { Status = Server(g.Status) },
        LoadBalancer l => l with { Status = (l.Status ?? new LoadBalancerStatus()) with { ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions, NodeName = NodeName } },
        Volume v => v with { Status = (v.Status ?? new VolumeStatus()) with { ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions, NodeName = NodeName, AllocatedGiB = AllocatedGiB } },
        CdnDistribution c => c with { Status = (c.Status ?? new CdnDistributionStatus()) with { ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions } },
        _ => throw new ArgumentException($"{resource.Kind} is not a placed kind", nameof(resource)),
    };

    private ServerStatus Server(ServerStatus? status) => (status ?? new ServerStatus()) with
    {
        ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions, NodeName = NodeName, Gpus = Gpus, Addresses = Addresses,
    };
}
