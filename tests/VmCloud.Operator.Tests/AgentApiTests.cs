using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using VmCloud.Tests;

namespace VmCloud.Operator.Tests;

/// <summary>
/// The agent protocol against the real operator process: a token reaches only its own node, bodies
/// are capped and checked, an unchanged document answers 304, and reports need a registration.
/// </summary>
public sealed class AgentApiTests : IAsyncLifetime, IDisposable
{
    private readonly string secrets = Directory.CreateTempSubdirectory("vmcloud-tokens-").FullName;
    private readonly string c01 = AgentTokens.Mint();
    private readonly string c02 = AgentTokens.Mint();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private OperatorProcess? running;

    private OperatorProcess Operator => running!;

    public async Task InitializeAsync()
    {
        var tokens = Path.Combine(secrets, "agent-tokens");
        await File.WriteAllTextAsync(tokens, $"# test fleet\npar1-c01 {AgentTokens.Hash(c01)}\npar1-c02 {AgentTokens.Hash(c02)}\n");
        running = await OperatorProcess.StartAsync(RepoPaths.Combine("examples", "gitops"), RepoPaths.Combine("policies"),
            arguments: ["--agent-tokens", tokens]);
    }

    public async Task DisposeAsync()
    {
        if (running is not null) await running.DisposeAsync();
        Directory.Delete(secrets, recursive: true);
    }

    public void Dispose() => http.Dispose();

    [Theory]
    [InlineData("POST", "registration")]
    [InlineData("GET", "desired")]
    [InlineData("PUT", "report")]
    public async Task EveryEndpoint_Refuses_AMissingOrUnknownToken_With401_AndAnotherNodesToken_With403(string method, string endpoint)
    {
        var missing = await SendAsync(method, "par1-c01", endpoint, token: null, Registration());
        var unknown = await SendAsync(method, "par1-c01", endpoint, AgentTokens.Mint(), Registration());
        var other = await SendAsync(method, "par1-c01", endpoint, c02, Registration());

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), (missing.StatusCode, unknown.StatusCode, other.StatusCode));
        Assert.Contains("par1-c02", await other.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Registration_CreatesTheNode_AndTheDesiredDocument_AnswersNotModified_WhileUnchanged()
    {
        // In FRA-1, in maintenance, nothing of the examples is placed: the document stays as it is.
        var registered = await SendAsync("POST", "par1-c01", "registration", c01, Registration("FRA-1"));
        var accepted = await registered.Content.ReadFromJsonAsync<RegistrationAccepted>(AgentProtocol.Json);
        var node = await Operator.GetJsonAsync("/apis/vmcloud.io/v1alpha1/hypervisornodes/par1-c01");

        using var first = await SendAsync("GET", "par1-c01", "desired?waitSeconds=0", c01, null);
        var document = await first.Content.ReadFromJsonAsync<DesiredDocument>(AgentProtocol.Json);
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(Operator.Address, $"{AgentProtocol.BasePath}/nodes/par1-c01/desired?waitSeconds=1"));
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c01);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var unchanged = await http.SendAsync(again);

        Assert.Equal(AgentProtocol.Version, accepted!.ProtocolVersion);
        Assert.Equal("FRA-1", node["spec"]!["datacenter"]!.GetValue<string>());
        Assert.Equal(96, node["status"]!["capacity"]!["vcpus"]!.GetValue<int>());
        Assert.Equal(("par1-c01", HttpStatusCode.NotModified), (document!.Node, unchanged.StatusCode));
    }

    [Fact]
    public async Task Report_NeedsARegistration_AValidBody_AndTheProtocolVersion()
    {
        var unregistered = await SendAsync("PUT", "par1-c02", "report", c02, Report(AgentProtocol.Version));
        await SendAsync("POST", "par1-c01", "registration", c01, Registration());
        var accepted = await SendAsync("PUT", "par1-c01", "report", c01, Report(AgentProtocol.Version));
        var future = await SendAsync("PUT", "par1-c01", "report", c01, Report(AgentProtocol.Version + 1));
        var malformed = await SendAsync("PUT", "par1-c01", "report", c01, new { protocolVersion = 1, session = "s" });

        Assert.Equal(HttpStatusCode.NotFound, unregistered.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("protocol version 2", await future.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheCap_Gets413_BeforeItIsRead()
    {
        var huge = new string('x', 17 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Operator.Address, $"{AgentProtocol.BasePath}/nodes/par1-c01/report"))
        {
            Content = new StringContent($"{{\"session\":\"{huge}\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", c01);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string node, string endpoint, string? token, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Operator.Address, $"{AgentProtocol.BasePath}/nodes/{node}/{endpoint}"));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method != "GET" && body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: AgentProtocol.Json);
        return await http.SendAsync(request);
    }

    private static NodeInventory Inventory() => new(96, 384 * 1024, 3840, [], "none", "no GPU on this node");

    private static NodeRegistration Registration(string datacenter = "PAR-1") => new(AgentProtocol.Version, "test", datacenter, NodeRole.Compute, Inventory());

    private static NodeReport Report(int version) => new(version, "test", "session", 1, 0, Inventory(), [], [], [], []);
}
