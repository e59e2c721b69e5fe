using VmCloud.Core.Metrics;
using VmCloud.Engine.Reconcilers;

namespace VmCloud.Engine.Capacity;

/// <summary>
/// The capacity families at scrape time, read from the scheduler's own view of the fleet
/// (<see cref="FleetView"/>): nodes with what is bound to them, kept current by every placement, so
/// a scrape sums a thousand node snapshots instead of reading the store. Pass <see cref="Collect"/>
/// to <see cref="MetricsRegistry.AddCollector"/>.
/// </summary>
/// <param name="fleet">The control plane's view of the fleet.</param>
/// <param name="wait">How long a scrape waits for the view while a decision holds it.</param>
public sealed class CapacityCollector(FleetView fleet, TimeSpan? wait = null)
{
    private readonly TimeSpan wait = wait ?? TimeSpan.FromSeconds(5);
    private CapacityReport? last;

    /// <summary>The families of the current capacity.</summary>
    public IEnumerable<MetricFamily> Collect()
    {
        // The registry collects synchronously; the view is async only because its first build lists
        // the store. Waiting here blocks one scrape thread for as long as a decision holds the view.
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var report = fleet.UseAsync(f => CapacityReport.From(f.Nodes, f.Policy), timeout.Token).GetAwaiter().GetResult();
            Volatile.Write(ref last, report);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // The view stayed busy (a rebuild over a large store): the previous figures, rather than
            // a failed scrape or a gap in every capacity series.
        }
        return Volatile.Read(ref last) is { } current ? CapacityFamilies.Of(current) : [];
    }
}
