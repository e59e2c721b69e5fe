using VmCloud.Core.Metrics;
using VmCloud.Engine.Capacity;
using static VmCloud.Engine.Tests.Scheduling.SchedulingFixtures;

namespace VmCloud.Engine.Tests.Capacity;

public sealed class CapacityFamiliesTests
{
    /// <summary>The exposition of a report's families.</summary>
    internal static string Render(CapacityReport report) => PrometheusTextFormat.Render(CapacityFamilies.Of(report));

    public static TheoryData<string, string> Lines => new()
    {
        { "physical threads", "vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"physical\"} 64\n" },
        { "after overcommit", "vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"schedulable\"} 128\n" },
        { "allocated", "vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"allocated\"} 2\n" },
        { "at the target", "vmcloud_capacity_vcpus{datacenter=\"PAR-1\",state=\"sellable\"} 89.6\n" },
        { "memory in bytes", "vmcloud_capacity_memory_bytes{datacenter=\"PAR-1\",state=\"physical\"} 274877906944\n" },
        { "storage in bytes", "vmcloud_capacity_storage_bytes{datacenter=\"PAR-1\",state=\"allocated\"} 85899345920\n" },
        { "GPUs by model", "vmcloud_capacity_gpus{datacenter=\"AMS-1\",model=\"T4\",state=\"schedulable\"} 5\n" },
        { "maintenance: nothing schedulable", "vmcloud_capacity_vcpus{datacenter=\"FRA-1\",state=\"schedulable\"} 0\n" },
        { "utilisation", "vmcloud_capacity_utilisation_ratio{datacenter=\"PAR-1\",resource=\"vcpu\"} 0.015625\n" },
        { "GPU utilisation has the model", "vmcloud_capacity_utilisation_ratio{datacenter=\"AMS-1\",resource=\"gpu\",model=\"T4\"} 0\n" },
        { "no division by zero", "vmcloud_capacity_utilisation_ratio{datacenter=\"FRA-1\",resource=\"vcpu\"} 0\n" },
        { "targets", "vmcloud_capacity_target_utilisation_ratio{resource=\"storage\"} 0.6\n" },
        { "GPU targets by model", "vmcloud_capacity_target_utilisation_ratio{resource=\"gpu\",model=\"A100-40GB\"} 0.9\n" },
        { "help", "# TYPE vmcloud_capacity_gpus gauge\n" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Families_WriteTheDocumentedSeries(string why, string line)
    {
        var report = CapacityReport.From(
            [Compute("par1-c01").With(Vps("a", vcpus: 2, memoryGiB: 4, diskGiB: 80)), Compute("fra1-c01", "FRA-1"), GpuNode("ams1-g01", "T4", 5, "AMS-1")], Policy);

        Assert.True(Render(report).Contains(line, StringComparison.Ordinal), $"{why}: no line {line.TrimEnd()} in\n{Render(report)}");
    }

    [Fact]
    public void Families_AreTheSixOfTheCapacityTable()
    {
        var names = CapacityFamilies.Of(CapacityReport.From([], Policy)).Select(f => f.Name);

        Assert.Equal(
            ["vmcloud_capacity_vcpus", "vmcloud_capacity_memory_bytes", "vmcloud_capacity_storage_bytes", "vmcloud_capacity_gpus",
             "vmcloud_capacity_utilisation_ratio", "vmcloud_capacity_target_utilisation_ratio"],
            names);
    }
}
