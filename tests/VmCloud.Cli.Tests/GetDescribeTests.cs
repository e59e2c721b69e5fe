using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using VmCloud.Cli.Client;
using VmCloud.Cli.Output;

namespace VmCloud.Cli.Tests;

/// <summary>
/// vmcl get and describe against a loopback stand-in for the operator that answers with JSON
/// recorded from the real one (tests/VmCloud.Operator.Tests runs the real process).
/// </summary>
public sealed class GetDescribeTests : IDisposable
{
    private const string Root = "/apis/vmcloud.io/v1alpha1";
    // Per test, so the ages printed are the ones the canned timestamps were made for (3h, not 3h1m).
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;
    private readonly FakeOperatorApi api = new();

    public void Dispose() => api.Dispose();

    [Fact]
    public async Task Get_WithoutNamespace_ListsEveryTenant_WithANamespaceColumnAndKubectlAges()
    {
        api.Serve($"{Root}/virtualservers", List("VirtualServer", Server("app-1", "kestrel-analytics"), Server("shop", "maison-martin")));

        var (exit, stdout, stderr) = await CliRun.RunAsync("get", "vps", "--server", api.Url);

        Assert.True(exit == Vmcl.Ok, stderr);
        Assert.Equal(
            """
            NAMESPACE           NAME    PLAN              DATACENTER   NODE     PHASE     READY   AGE
            kestrel-analytics   app-1   VPS-PERFORMANCE   PAR-1        <none>   Pending   False   3h
            maison-martin       shop    VPS-PERFORMANCE   PAR-1        <none>   Pending   False   3h

            """.ReplaceLineEndings("\n"), stdout);
    }

    [Theory]
    [InlineData("table", false)]
    [InlineData("wide", true)]
    public async Task Get_InOneNamespace_ShowsPriorityOneColumns_OnlyWhenWide(string format, bool showsImage)
    {
        api.Serve($"{Root}/namespaces/kestrel-analytics/virtualservers", List("VirtualServer", Server("app-1", "kestrel-analytics")));

        var (exit, stdout, _) = await CliRun.RunAsync("get", "vps", "-n", "kestrel-analytics", "-o", format, "--server", api.Url);

        Assert.Equal(Vmcl.Ok, exit);
        Assert.StartsWith("NAME    PLAN", stdout);
        Assert.Equal(showsImage, stdout.Contains("IMAGE", StringComparison.Ordinal) && stdout.Contains("ubuntu-24.04", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vps")]
    [InlineData("virtualservers")]
    [InlineData("VirtualServer")]
    [InlineData("VPS")]
    public async Task Get_ResolvesTheKind_ByNamePluralOrShortName(string kind)
    {
        api.Serve($"{Root}/virtualservers", List("VirtualServer"));

        var (exit, stdout, stderr) = await CliRun.RunAsync("get", kind, "--server", api.Url);

        Assert.Equal(Vmcl.Ok, exit);
        Assert.Equal("", stdout);
        Assert.Contains("No virtualservers found.", stderr);
    }

    [Fact]
    public async Task Get_Json_PrintsTheObjectAsTheApiReturnsIt()
    {
        var served = Server("app-1", "kestrel-analytics");
        api.Serve($"{Root}/namespaces/kestrel-analytics/virtualservers/app-1", served);

        var (exit, stdout, _) = await CliRun.RunAsync("get", "vps", "app-1", "-n", "kestrel-analytics", "-o", "json", "--server", api.Url);

        Assert.Equal(Vmcl.Ok, exit);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(served), JsonNode.Parse(stdout)), stdout);
    }

    [Fact]
    public async Task Get_Yaml_KeepsTheApisKeyOrder_AndQuotesStringsThatLookLikeOtherTypes()
    {
        api.Serve($"{Root}/tenants", List("Tenant"));
        api.Serve($"{Root}/namespaces/kestrel-analytics/virtualservers/app-1", Server("app-1", "kestrel-analytics"));

        var (exit, stdout, _) = await CliRun.RunAsync("get", "tn", "-o", "yaml", "--server", api.Url);
        var (_, server, _) = await CliRun.RunAsync("get", "vps", "app-1", "-n", "kestrel-analytics", "-o", "yaml", "--server", api.Url);

        Assert.Equal(Vmcl.Ok, exit);
        Assert.Equal("apiVersion: vmcloud.io/v1alpha1\nkind: TenantList\nmetadata:\n  resourceVersion: \"188\"\nitems: []\n", stdout);
        Assert.StartsWith("kind: VirtualServer\nspec:\n  plan: VPS-PERFORMANCE\n", server);
        Assert.Contains("\n  conditions:\n  - type: Admitted\n    status: \"True\"\n", server);
        Assert.Contains("  creationTimestamp: \"", server);
        Assert.Contains("  volumes: []\n", server);
    }

    [Fact]
    public async Task Get_PassesTheLabelSelector_ToTheApi()
    {
        api.Serve($"{Root}/virtualservers?labelSelector=role%3Dweb", List("VirtualServer", Server("app-1", "kestrel-analytics")));

        var (exit, stdout, _) = await CliRun.RunAsync("get", "vps", "-l", "role=web", "--server", api.Url);

        Assert.Equal(Vmcl.Ok, exit);
        Assert.Contains("app-1", stdout);
    }

    [Theory]
    [InlineData("get", "vps", "nope", "-n", "kestrel-analytics")]
    [InlineData("describe", "vps", "nope", "-n", "kestrel-analytics")]
    public async Task GetAndDescribe_ExitOne_WithTheApisMessage_WhenTheObjectIsMissing(params string[] args)
    {
        var (exit, _, stderr) = await CliRun.RunAsync([.. args, "--server", api.Url]);

        Assert.Equal(Vmcl.Invalid, exit);
        Assert.Contains("vmcl: virtualservers \"nope\" not found", stderr);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("describe")]
    public async Task GetAndDescribe_ExitTwo_ListingTheKinds_ForAnUnknownKind(string command)
    {
        var (exit, _, stderr) = await CliRun.RunAsync(command, "frobnicator", "x", "--server", api.Url);

        Assert.Equal(Vmcl.UsageError, exit);
        Assert.Contains("unknown kind \"frobnicator\"", stderr);
        Assert.Contains("virtualservers (VirtualServer, vps)", stderr);
        Assert.Contains("hypervisornodes (HypervisorNode, hvnode)", stderr);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData("get", "vps", "-n", "voyago", "-A")]
    [InlineData("get", "vps", "api-1", "-l", "role=web")]
    [InlineData("get", "vps", "-o", "csv")]
    [InlineData("describe", "vps")]
    public async Task GetAndDescribe_ExitTwo_OnUsageErrors_WithoutAskingTheOperator(params string[] args)
    {
        var (exit, _, stderr) = await CliRun.RunAsync([.. args, "--server", api.Url]);

        Assert.Equal(Vmcl.UsageError, exit);
        Assert.StartsWith("vmcl: ", stderr);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData("get", "vps")]
    [InlineData("describe", "vps", "app-1")]
    [InlineData("status")]
    [InlineData("status", "--wait")]
    public async Task CommandsReadingTheOperator_ExitTwo_WithTheReason_WhenItIsUnreachable(params string[] args)
    {
        var nobody = $"http://127.0.0.1:{FakeOperatorApi.FreePort()}";

        var (exit, _, stderr) = await CliRun.RunAsync([.. args, "--server", nobody]);

        Assert.Equal(Vmcl.UsageError, exit);
        Assert.Contains($"cannot reach the operator at {nobody}: ", stderr);
        Assert.Contains("; start it or pass --server", stderr);
    }

    [Theory]
    [InlineData("http://10.0.0.5:8080", "http://b:2", "http://10.0.0.5:8080/")]
    [InlineData(null, "https://operator.example:8443", "https://operator.example:8443/")]
    [InlineData(null, "", "http://127.0.0.1:8080/")]
    [InlineData(null, null, "http://127.0.0.1:8080/")]
    [InlineData("ftp://x", null, null)]
    [InlineData(null, "localhost:8080", null)]
    public void Server_IsTheOption_ElseVmcloudServer_ElseTheLocalDefault(string? option, string? variable, string? expected)
    {
        using var error = new StringWriter();

        var server = OperatorConnection.Server(option, variable, error);

        Assert.Equal(expected, server?.ToString());
        Assert.Equal(expected is null, error.ToString().Contains("not an http:// or https:// URL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Describe_ShowsMetadataSpecPlacementConditions_AndEventsNewestFirst()
    {
        const string path = $"{Root}/namespaces/kestrel-analytics/virtualservers/app-1";
        api.Serve(path, Server("app-1", "kestrel-analytics"));
        api.Serve(path + "/events", Events(("Normal", "Admitted", 200, 1), ("Warning", "FailedScheduling", 30, 4)));

        var (exit, stdout, stderr) = await CliRun.RunAsync("describe", "vps", "app-1", "-n", "kestrel-analytics", "--server", api.Url);

        Assert.True(exit == Vmcl.Ok, stderr);
        string[] expected =
        [
            "Name:         app-1\n", "Namespace:    kestrel-analytics\n", "Labels:       app=kestrel\n              role=web\n",
            "Annotations:  vmcloud.io/source=dir:examples/gitops\n", "Phase:        Pending\n",
            "Spec:\n  plan:         VPS-PERFORMANCE\n", "  volumes:      <none>\n", "Placement:\n  Node:       <none>\n",
            "Conditions:\n  TYPE        STATUS   REASON          AGE   MESSAGE\n  Admitted    True     Admitted        3h    accepted: valid, within quota and budget\n",
            "  Scheduled   False    Unschedulable   3h    datacenter PAR-1 has no compute node\n",
            "Events:\n  TYPE      REASON             AGE     FROM               COUNT   MESSAGE\n"
            + "  Warning   FailedScheduling   30m     vmcloud-operator   4       FailedScheduling happened\n"
            + "  Normal    Admitted           3h20m   vmcloud-operator   1       Admitted happened\n",
        ];
        Assert.All(expected, part => Assert.Contains(part, stdout));
    }

    [Fact]
    public async Task Describe_WithoutNamespace_FindsTheObjectInItsTenant_AndReadsItsEventsThere()
    {
        api.Serve($"{Root}/virtualservers", List("VirtualServer", Server("app-1", "kestrel-analytics"), Server("shop", "maison-martin")));
        api.Serve($"{Root}/namespaces/maison-martin/virtualservers/shop/events", Events());

        var (exit, stdout, stderr) = await CliRun.RunAsync("describe", "virtualserver", "shop", "--server", api.Url);

        Assert.True(exit == Vmcl.Ok, stderr);
        Assert.Contains("Namespace:    maison-martin\n", stdout);
        Assert.Contains("Events:  <none>\n", stdout);
        Assert.Contains($"{Root}/namespaces/maison-martin/virtualservers/shop/events", api.Requests);
    }

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(150, "2m30s")]
    [InlineData(12 * 60, "12m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(3 * 3600 + 20 * 60, "3h20m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(5 * 86400, "5d")]
    [InlineData(5 * 86400 + 7200, "5d2h")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(-1, "0s")]
    [InlineData(-5, "<invalid>")]
    public void HumanDuration_RoundsAgesLikeKubectl(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "False")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].reason", "Admitted,Unschedulable")]
    [InlineData(".status.gpus[*].model", "A100-80GB,T4")]
    [InlineData(".status.gpus[1].model", "T4")]
    [InlineData("{.spec.sshKeys}", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICC7YRnVAMDX3SGCvOOwP2LR4yX5tKOlCctAuuUW5sE9 deploy@kestrel-analytics.io")]
    [InlineData(".spec.volumes", "<none>")]
    [InlineData(".status.nodeName", "<none>")]
    [InlineData(".metadata.generation", "1")]
    public void Cell_FollowsTheJsonPathSubsetOfPrinterColumns(string path, string expected)
    {
        var resource = JsonNode.Parse(Server("app-1", "kestrel-analytics"))!;
        resource["status"]!["gpus"] = new JsonArray(new JsonObject { ["model"] = "A100-80GB" }, new JsonObject { ["model"] = "T4" });

        Assert.Equal(expected, ResourceTable.Cell(resource, path));
    }

    // A VirtualServer as the operator serves it (recorded), created three hours ago.
    private string Server(string name, string ns) => """
        {"kind":"VirtualServer","spec":{"plan":"VPS-PERFORMANCE","image":"ubuntu-24.04","spreadGroup":"web","datacenter":"PAR-1","sshKeys":["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICC7YRnVAMDX3SGCvOOwP2LR4yX5tKOlCctAuuUW5sE9 deploy@kestrel-analytics.io"],"powerState":"Running","volumes":[]},
         "status":{"addresses":[],"gpus":[],"observedGeneration":1,"phase":"Pending","conditions":[
          {"type":"Admitted","status":"True","reason":"Admitted","message":"accepted: valid, within quota and budget","lastTransitionTime":"AGO_3H","observedGeneration":1},
          {"type":"Scheduled","status":"False","reason":"Unschedulable","message":"datacenter PAR-1 has no compute node","lastTransitionTime":"AGO_3H","observedGeneration":1},
          {"type":"Ready","status":"False","reason":"Unschedulable","message":"datacenter PAR-1 has no compute node","lastTransitionTime":"AGO_3H","observedGeneration":1}]},
         "apiVersion":"vmcloud.io/v1alpha1",
         "metadata":{"name":"NAME","namespace":"NS","uid":"9edc8772-bd14-4976-a022-3608c54c5824","generation":1,"resourceVersion":"102","creationTimestamp":"AGO_3H","labels":{"app":"kestrel","role":"web"},"annotations":{"vmcloud.io/source":"dir:examples/gitops"}}}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("\"NS\"", $"\"{ns}\"", StringComparison.Ordinal)
        .Replace("AGO_3H", Ago(TimeSpan.FromHours(3)).Replace("+", "\\u002B", StringComparison.Ordinal), StringComparison.Ordinal);

    private static string List(string kind, params string[] items) =>
        $$"""{"apiVersion":"vmcloud.io/v1alpha1","kind":"{{kind}}List","metadata":{"resourceVersion":"188"},"items":[{{string.Join(",", items)}}]}""";

    // An EventList as the operator serves it; given oldest first here, to show describe orders them itself.
    private string Events(params (string Type, string Reason, int MinutesAgo, int Count)[] events) =>
        $$"""{"apiVersion":"v1","kind":"EventList","items":[{{string.Join(",", events.Select(e => $$$"""
            {"kind":"Event","involvedObject":{"kind":"VirtualServer","namespace":"kestrel-analytics","name":"app-1"},"type":"{{{e.Type}}}","reason":"{{{e.Reason}}}",
             "message":"{{{e.Reason}}} happened","source":"vmcloud-operator","count":{{{e.Count}}},"firstTimestamp":"{{{Ago(TimeSpan.FromMinutes(e.MinutesAgo))}}}",
             "lastTimestamp":"{{{Ago(TimeSpan.FromMinutes(e.MinutesAgo))}}}","apiVersion":"vmcloud.io/v1alpha1","metadata":{"name":"app-1.{{{e.Reason.ToLowerInvariant()}}}","namespace":"kestrel-analytics"}}
            """))}}]}""";

    private string Ago(TimeSpan age) => (now - age).ToString("O", CultureInfo.InvariantCulture);
}
