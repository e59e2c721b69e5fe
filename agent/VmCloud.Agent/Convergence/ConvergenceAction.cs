using VmCloud.Api.Agents;

namespace VmCloud.Agent.Convergence;

/// <summary>
/// One act on the hypervisor, for one owner uid. The executor applies a plan's actions in order and
/// stops acting for a uid after its first failure, so a later action never runs on a broken step.
/// </summary>
/// <param name="Uid">The owner the action is for: its error is reported under this uid.</param>
public abstract record ConvergenceAction(string Uid)
{
    /// <summary>Other owners whose failure in the same pass makes this action unsafe (e.g. a volume still attached to a domain being redefined).</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The action in words, for logs and error messages.</summary>
    public abstract string Describe();

    /// <inheritdoc />
    public sealed override string ToString() => Describe();
}

/// <summary>Creates a pool volume at its size, or grows it.</summary>
/// <param name="Uid">The owner.</param>
/// <param name="VolumeName">The pool volume.</param>
/// <param name="CapacityGiB">The size it must have.</param>
/// <param name="Exists">Whether it exists already (grow) or not (create).</param>
public sealed record ResizeVolume(string Uid, string VolumeName, long CapacityGiB, bool Exists) : ConvergenceAction(Uid)
{
    /// <inheritdoc />
    public override string Describe() => $"{(Exists ? "grow" : "create")} volume {VolumeName} to {CapacityGiB} GiB";
}

/// <summary>Deletes a pool volume.</summary>
/// <param name="Uid">The owner.</param>
/// <param name="VolumeName">The pool volume.</param>
public sealed record DeleteVolume(string Uid, string VolumeName) : ConvergenceAction(Uid)
{
    /// <inheritdoc />
    public override string Describe() => $"delete volume {VolumeName}";
}

/// <summary>Defines (or redefines) the domain of a desired server from its rendered XML, after writing its cloud-init seed.</summary>
/// <param name="Uid">The owner, also the domain's UUID.</param>
/// <param name="Server">What to render.</param>
/// <param name="Redefine">Whether a domain with this UUID exists already.</param>
public sealed record DefineDomain(string Uid, DesiredServer Server, bool Redefine) : ConvergenceAction(Uid)
{
    /// <summary>What differs from the desired server, when redefining.</summary>
    public string? Drift { get; init; }

    /// <inheritdoc />
    public override string Describe() =>
        $"{(Redefine ? "redefine" : "define")} domain for {Server.Owner.Kind} {Server.Owner.Namespace}/{Server.Owner.Name} (generation {Server.Owner.Generation})"
        + (Drift is null ? "" : $" because {Drift}");
}

/// <summary>Starts, shuts down or destroys a domain.</summary>
/// <param name="Uid">The owner.</param>
/// <param name="DomainUuid">The libvirt UUID.</param>
/// <param name="Action">The transition.</param>
public sealed record ChangePower(string Uid, string DomainUuid, PowerAction Action) : ConvergenceAction(Uid)
{
    /// <inheritdoc />
    public override string Describe() => $"{Action.ToString().ToLowerInvariant()} domain {DomainUuid}";
}

/// <summary>Undefines a shut-off domain.</summary>
/// <param name="Uid">The owner.</param>
/// <param name="DomainUuid">The libvirt UUID.</param>
public sealed record UndefineDomain(string Uid, string DomainUuid) : ConvergenceAction(Uid)
{
    /// <inheritdoc />
    public override string Describe() => $"undefine domain {DomainUuid}";
}
