using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Billing;
using VmCloud.Core.Metrics;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Reconcilers;
using VmCloud.Engine.Runtime;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Reconcilers;

/// <summary>A tenant's budget against what the meter charged it: the condition, the events, the metrics.</summary>
public sealed class TenantBudgetTests : IDisposable
{
    private static readonly DateTimeOffset Month = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider time = new(Month.AddDays(20));
    private readonly MemoryStore store;
    private readonly EventRecorder events;
    private decimal spent;

    public TenantBudgetTests()
    {
        store = new MemoryStore(time);
        events = new EventRecorder(store, time, NullLogger.Instance);
    }

    public void Dispose() => store.Dispose();

    [Fact]
    public async Task Thresholds_GiveTheCondition_AnEventEachHigherOne_AndTheMetric()
    {
        var billing = new BillingTotals(() => ([Charge(spent)], Month));
        var gauges = new TenantGauges(billing);
        var reconciler = new TenantReconciler(store, TestObjects.Policies, time, events, billing, gauges);
        await store.CreateAsync(TestObjects.Tenant("acme", budget: new Budget { MonthlyEuros = 1000, AlertThresholds = [50, 80, 100] }));
        var key = new ResourceKey(nameof(Tenant), null, "acme");

        var seen = new List<(string Reason, ConditionStatus Status, int Events)>();
        foreach (var amount in new[] { 100m, 550m, 600m, 850m, 1200m })
        {
            spent = amount;
            billing.OpenChanged();
            await reconciler.ReconcileAsync(key, default);
            var tenant = (Tenant)(await store.GetAsync(key))!;
            var condition = Conditions.Find(tenant.Status!.Conditions, ConditionTypes.BudgetThresholdReached)!;
            seen.Add((condition.Reason, condition.Status, (await events.ListForAsync(tenant)).Count));
        }

        Assert.Equal([("UnderThresholds", ConditionStatus.False, 0), ("Threshold50", ConditionStatus.True, 1), ("Threshold50", ConditionStatus.True, 1),
            ("Threshold80", ConditionStatus.True, 2), ("Threshold100", ConditionStatus.True, 3)], seen);
        var last = (Tenant)(await store.GetAsync(key))!;
        Assert.Equal(1200, last.Status!.MonthToDateEuros);
        Assert.Equal(1.2, last.Status.BudgetUsedRatio);
        var ratio = gauges.Collect().Single(f => f.Name == "vmcloud_tenant_budget_used_ratio").Samples.Single();
        Assert.Equal((new Label("tenant", "acme"), 1.2), (ratio.Labels.Single(), ratio.Value));
    }

    [Fact]
    public async Task WithoutABudget_ThereIsNoBudgetCondition()
    {
        var reconciler = new TenantReconciler(store, TestObjects.Policies, time, events);
        await store.CreateAsync(TestObjects.Tenant("acme"));
        await reconciler.ReconcileAsync(new ResourceKey(nameof(Tenant), null, "acme"), default);

        var tenant = (Tenant)(await store.GetAsync(new ResourceKey(nameof(Tenant), null, "acme")))!;
        Assert.Null(Conditions.Find(tenant.Status!.Conditions, ConditionTypes.BudgetThresholdReached));
        Assert.Null(tenant.Status.BudgetUsedRatio);
    }

    private static HourCharge Charge(decimal euros) =>
        new(new UsageRecord("u", Month, "acme", "acme", "VirtualServer", "web", "VPS-NANO", 1, euros, euros, 0), euros, euros);
}
