using VmCloud.Api;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Engine.Reconcilers;

/// <summary>
/// The status fields the control plane owns for the kinds it places, whatever the kind:
/// generation, phase, conditions, the node bound to and the GPUs passed through.
/// </summary>
public sealed record WorkloadStatus(long ObservedGeneration, string? Phase, IReadOnlyList<Condition> Conditions, string? NodeName, IReadOnlyList<string> Gpus)
{
    /// <summary>The status an object has now.</summary>
    public static WorkloadStatus Of(CustomResource resource)
    {
        var status = resource.StatusBase;
        return new WorkloadStatus(status?.ObservedGeneration ?? 0, status?.Phase, status?.Conditions ?? [],
            FleetView.Bound(resource), (resource as IServer)?.Status?.Gpus ?? []);
    }

    /// <summary>The object with this status (its other status fields kept).</summary>
    public CustomResource ApplyTo(CustomResource resource) => resource switch
    {
        VirtualServer v => v with { Status = (v.Status ?? new ServerStatus()) with { ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions, NodeName = NodeName, Gpus = Gpus } },
        GpuInstance g => g with { Status = (g.Status ?? new ServerStatus()) with { ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions, NodeName = NodeName, Gpus = Gpus } },
        LoadBalancer l => l with { Status = (l.Status ?? new LoadBalancerStatus()) with { ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions, NodeName = NodeName } },
        Volume v => v with { Status = (v.Status ?? new VolumeStatus()) with { ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions, NodeName = NodeName } },
        CdnDistribution c => c with { Status = (c.Status ?? new CdnDistributionStatus()) with { ObservedGeneration = ObservedGeneration, Phase = Phase, Conditions = Conditions } },
        _ => throw new ArgumentException($"{resource.Kind} is not a placed kind", nameof(resource)),
    };
}
