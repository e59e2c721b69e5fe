namespace VmCloud.Agent.Convergence;

/// <summary>What one convergence pass must do, and what it found.</summary>
/// <param name="Actions">The acts, in the order they must run.</param>
/// <param name="Errors">Why an owner cannot converge, found before acting (e.g. a volume asked to shrink), by uid.</param>
/// <param name="ShutdownsSince">When each domain still shutting down was first asked to, by uid: the next pass's grace input.</param>
/// <param name="Classification">The node's contents sorted against the document.</param>
public sealed record ConvergencePlan(
    IReadOnlyList<ConvergenceAction> Actions,
    IReadOnlyDictionary<string, string> Errors,
    IReadOnlyDictionary<string, DateTimeOffset> ShutdownsSince,
    NodeClassification Classification);

/// <summary>
/// How long a guest gets to power off after an ACPI shutdown before it is destroyed, and which
/// shutdowns are already under way: converging stays a pure function of its inputs.
/// </summary>
/// <param name="Period">The grace period.</param>
/// <param name="Now">The time of this pass.</param>
/// <param name="Since">When each pending shutdown was asked, by uid (the previous plan's <see cref="ConvergencePlan.ShutdownsSince"/>).</param>
public sealed record ShutdownGrace(TimeSpan Period, DateTimeOffset Now, IReadOnlyDictionary<string, DateTimeOffset> Since)
{
    /// <summary>The default grace: long enough for a guest OS to flush its disks.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(60);

    /// <summary>No shutdown under way.</summary>
    public static ShutdownGrace Start(TimeSpan period, DateTimeOffset now) => new(period, now, new Dictionary<string, DateTimeOffset>());
}

/// <summary>Collects a plan's actions and errors while the rules run.</summary>
internal sealed class PlanBuilder(ShutdownGrace grace)
{
    private readonly List<ConvergenceAction> actions = [];
    private readonly Dictionary<string, string> errors = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> shutdowns = new(StringComparer.OrdinalIgnoreCase);

    public ShutdownGrace Grace => grace;

    public void Add(ConvergenceAction action) => actions.Add(action);

    public void Error(string uid, string message) =>
        errors[uid] = errors.TryGetValue(uid, out var earlier) ? $"{earlier}; {message}" : message;

    public bool Has<T>(string uid, Func<T, bool>? where = null) where T : ConvergenceAction =>
        actions.OfType<T>().Any(a => NodeClassification.Same(a.Uid, uid) && (where?.Invoke(a) ?? true));

    public void ShuttingDown(string uid, DateTimeOffset since) => shutdowns[uid] = since;

    public ConvergencePlan Build(NodeClassification classification) => new(actions, errors, shutdowns, classification);
}
