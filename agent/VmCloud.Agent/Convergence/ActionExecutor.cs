using Microsoft.Extensions.Logging;
using VmCloud.Agent.Libvirt;

namespace VmCloud.Agent.Convergence;

/// <summary>What applying a plan did.</summary>
/// <param name="Applied">Actions that succeeded.</param>
/// <param name="Failed">Actions the hypervisor refused.</param>
/// <param name="Errors">The plan's errors and those of failed actions, by owner uid.</param>
public sealed record ExecutionResult(int Applied, int Failed, IReadOnlyDictionary<string, string> Errors);

/// <summary>
/// Applies a plan's actions through the hypervisor, one by one. A refused action records the
/// error for its owner, whose later actions are skipped (they depend on it), and the pass goes on
/// with the other owners: one broken server never holds up the node.
/// </summary>
/// <param name="hypervisor">The node's hypervisor.</param>
/// <param name="host">What the domain XML needs of the node; seeds are written to its seed directory.</param>
/// <param name="logger">Where applied and refused actions are logged.</param>
public sealed partial class ActionExecutor(IHypervisor hypervisor, DomainHost host, ILogger logger)
{
    /// <summary>Applies <paramref name="plan"/>.</summary>
    public ExecutionResult Apply(ConvergencePlan plan)
    {
        var errors = new Dictionary<string, string>(plan.Errors, StringComparer.OrdinalIgnoreCase);
        var failed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var (applied, refused) = (0, 0);
        foreach (var action in plan.Actions)
        {
            if (failed.Contains(action.Uid) || action.DependsOn.Any(failed.Contains))
            {
                LogSkipped(logger, action);
                continue;
            }

            try
            {
                Apply(action);
                applied++;
                LogApplied(logger, action);
            }
            catch (Exception e) when (e is HypervisorException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                refused++;
                failed.Add(action.Uid);
                var message = $"{action.Describe()}: {e.Message}";
                errors[action.Uid] = errors.TryGetValue(action.Uid, out var earlier) ? $"{earlier}; {message}" : message;
                LogRefused(logger, action, e.Message);
            }
        }

        return new ExecutionResult(applied, refused, errors);
    }

    private void Apply(ConvergenceAction action)
    {
        switch (action)
        {
            case ResizeVolume resize:
                hypervisor.ResizeVolume(resize.VolumeName, resize.CapacityGiB);
                break;
            case DeleteVolume delete:
                hypervisor.ResizeVolume(delete.VolumeName, 0);
                break;
            case DefineDomain define:
                // Rendered first: a server the renderer refuses leaves no seed file behind.
                var xml = DomainXml.Render(define.Server, host);
                SeedImages.Ensure(define.Server, host.SeedPath(define.Uid));
                hypervisor.DefineDomain(xml);
                break;
            case ChangePower power:
                hypervisor.SetPower(power.DomainUuid, power.Action);
                break;
            case UndefineDomain undefine:
                hypervisor.UndefineDomain(undefine.DomainUuid);
                break;
            default:
                throw new ArgumentException($"no executor for {action.GetType().Name}", nameof(action));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied: {Action}")]
    private static partial void LogApplied(ILogger logger, ConvergenceAction action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused: {Action}: {Reason}")]
    private static partial void LogRefused(ILogger logger, ConvergenceAction action, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped after an earlier failure of the same owner: {Action}")]
    private static partial void LogSkipped(ILogger logger, ConvergenceAction action);
}
