using System.Net;
using System.Text.Json.Nodes;
using static VmCloud.Operator.Tests.ExampleOperator;

namespace VmCloud.Operator.Tests;

/// <summary>The real operator over examples/gitops, read through its HTTP API.</summary>
public sealed class OperatorApiTests(ExampleOperator example) : IClassFixture<ExampleOperator>
{
    private const decimal ExampleMonthlyEuros = 50277.51m;

    [Theory]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task HealthEndpoints_AnswerOk_OnceStarted(string path)
    {
        var (status, _, text) = await example.Process.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", text);
    }

    [Theory]
    [InlineData("virtualservers", "VirtualServer", 16)]
    [InlineData("gpuinstances", "GpuInstance", 8)]
    [InlineData("loadbalancers", "LoadBalancer", 4)]
    [InlineData("cdndistributions", "CdnDistribution", 4)]
    [InlineData("volumes", "Volume", 12)]
    [InlineData("tenants", "Tenant", 8)]
    [InlineData("hypervisornodes", "HypervisorNode", 0)]
    public async Task List_HasTheKubernetesListShape_WithEveryObjectOfTheExamples(string plural, string kind, int count)
    {
        var list = await example.Process.GetJsonAsync($"{ApiRoot}/{plural}");

        Assert.Equal("vmcloud.io/v1alpha1", (string?)list["apiVersion"]);
        Assert.Equal(kind + "List", (string?)list["kind"]);
        Assert.True(long.TryParse((string?)list["metadata"]?["resourceVersion"], out var revision) && revision > 0, list.ToJsonString());
        var items = Items(list);
        Assert.Equal(count, items.Count);
        Assert.All(items, item =>
        {
            Assert.Equal(kind, (string?)item["kind"]);
            Assert.False(string.IsNullOrEmpty((string?)item["metadata"]?["uid"]));
        });
    }

    [Fact]
    public async Task Tenants_MonthlyEuros_AddUpToTheExamplesTotal_OnceReconciled()
    {
        var total = await example.Process.WaitForAsync("the tenants' status.monthlyEuros to add up to the examples' total",
            async () => Items(await example.Process.GetJsonAsync($"{ApiRoot}/tenants")).Sum(t => t["status"]?["monthlyEuros"]?.GetValue<decimal>() ?? 0m),
            sum => sum == ExampleMonthlyEuros);

        Assert.Equal(ExampleMonthlyEuros, total);
    }

    [Fact]
    public async Task NamespacedGet_ReturnsTheServer_AdmittedButUnschedulable_WithoutNodes()
    {
        const string path = $"{ApiRoot}/namespaces/kestrel-analytics/virtualservers/app-1";

        var server = await example.Process.WaitForAsync("app-1 to have its Scheduled condition",
            () => example.Process.GetJsonAsync(path), s => Condition(s, "Scheduled") is not null);

        Assert.Equal("app-1", (string?)server["metadata"]?["name"]);
        Assert.Equal("kestrel-analytics", (string?)server["metadata"]?["namespace"]);
        Assert.Equal("True", (string?)Condition(server, "Admitted")?["status"]);
        Assert.Equal("False", (string?)Condition(server, "Scheduled")?["status"]);
        Assert.Equal("Unschedulable", (string?)Condition(server, "Scheduled")?["reason"]);
    }

    [Theory]
    [InlineData($"{ApiRoot}/namespaces/kestrel-analytics/virtualservers/nope", "virtualservers \"nope\" not found")]
    [InlineData($"{ApiRoot}/tenants/nope", "tenants \"nope\" not found")]
    [InlineData($"{ApiRoot}/frobnicators", "frobnicators")]
    [InlineData($"{ApiRoot}/namespaces/kestrel-analytics/frobnicators/x", "frobnicators")]
    public async Task MissingObjectsAndUnknownPlurals_Are404_WithAStatusBody(string path, string message)
    {
        var (status, body, text) = await example.Process.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.True(body is not null, text);
        Assert.Equal("Status", (string?)body["kind"]);
        Assert.Equal("Failure", (string?)body["status"]);
        Assert.Equal("NotFound", (string?)body["reason"]);
        Assert.Equal(404, (int?)body["code"]);
        Assert.Contains(message, (string?)body["message"]);
    }

    [Fact]
    public async Task LabelSelector_KeepsOnlyMatchingObjects()
    {
        var list = await example.Process.GetJsonAsync($"{ApiRoot}/namespaces/kestrel-analytics/virtualservers?labelSelector=role%3Dweb");

        Assert.Equal(["app-1", "app-2"], Items(list).Select(i => (string)i["metadata"]!["name"]!).Order());
    }

    [Fact]
    public async Task Events_OfAnUnschedulableServer_SayWhy_NewestFirst()
    {
        var events = await example.Process.WaitForAsync("a FailedScheduling event on app-1",
            async () => Items(await example.Process.GetJsonAsync($"{ApiRoot}/namespaces/kestrel-analytics/virtualservers/app-1/events")),
            items => items.Any(e => (string?)e["reason"] == "FailedScheduling"));

        Assert.All(events, e => Assert.Equal("app-1", (string?)e["involvedObject"]?["name"]));
        var times = events.Select(e => DateTimeOffset.Parse((string)e["lastTimestamp"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    private static JsonNode? Condition(JsonNode resource, string type) =>
        resource["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type);
}
