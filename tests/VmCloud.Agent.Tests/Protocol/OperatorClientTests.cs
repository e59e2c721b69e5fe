using System.Diagnostics;
using VmCloud.Agent.Protocol;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Agent.Tests.Protocol;

public sealed class OperatorClientTests : IAsyncLifetime
{
    private const string Node = "par1-c01";
    private const string Token = "secret-1";
    private readonly HttpClient http = OperatorHttp.CreateClient();
    private FakeOperator fake = null!;

    public async Task InitializeAsync() =>
        fake = await FakeOperator.StartAsync(new Dictionary<string, string> { [Node] = Token, ["par1-c02"] = "secret-2" });

    public async Task DisposeAsync()
    {
        await fake.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task Register_SendsTheInventory_AndReturnsTheIntervals()
    {
        fake.HeartbeatSeconds = 10;
        var accepted = await Client().RegisterAsync(Registration(), CancellationToken.None);

        Assert.Equal(new RegistrationAccepted(1, 10, 2), accepted);
        Assert.Equal(64, Assert.Single(fake.RegistrationsOf(Node)).Inventory.Vcpus);
    }

    [Theory]
    [InlineData("wrong", OperatorFailure.Unauthorized)]
    [InlineData("secret-2", OperatorFailure.Forbidden)]
    public async Task Requests_WithAnotherToken_AreRefused(string token, OperatorFailure expected)
    {
        var error = await Assert.ThrowsAsync<OperatorException>(() => Client(token).RegisterAsync(Registration(), CancellationToken.None));

        Assert.Equal(expected, error.Failure);
        Assert.Contains(expected == OperatorFailure.Unauthorized ? "401" : "403", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_BeforeRegistering_SaysNotRegistered()
    {
        var report = new NodeReport(1, "0.1.0", "s", 1, 0, Registration().Inventory, [], [], [], []);

        var error = await Assert.ThrowsAsync<OperatorException>(() => Client().ReportAsync(report, CancellationToken.None));

        Assert.Equal(OperatorFailure.NotRegistered, error.Failure);
        Assert.Contains("register first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollDesired_AnswersAtOnce_ThenHoldsUntilTheWaitEnds_OrTheDocumentChanges()
    {
        var client = Client();
        var first = await client.PollDesiredAsync(null, 5, CancellationToken.None);
        Assert.True(first.Changed);
        Assert.Equal("\"1\"", first.ETag);

        var clock = Stopwatch.StartNew();
        var unchanged = await client.PollDesiredAsync(first.ETag, 1, CancellationToken.None);
        Assert.False(unchanged.Changed);
        Assert.Equal(first.ETag, unchanged.ETag);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(10));

        var waiting = client.PollDesiredAsync(first.ETag, 30, CancellationToken.None);
        var revision = fake.Publish(new DesiredDocument(1, Node, 0, [], [], ["00000000-0000-4000-8000-000000000009"]));
        var changed = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(revision, changed.Document!.Revision);
        Assert.Equal($"\"{revision}\"", changed.ETag);
    }

    [Fact]
    public async Task Requests_ToAClosedPort_AreUnreachable()
    {
        var client = new OperatorClient(http, new Uri($"http://127.0.0.1:{FreePort()}"), Node, Token, TimeProvider.System);

        var error = await Assert.ThrowsAsync<OperatorException>(() => client.RegisterAsync(Registration(), CancellationToken.None));

        Assert.Equal(OperatorFailure.Unreachable, error.Failure);
    }

    [Fact]
    public async Task Requests_DuringAnOutage_AreServerErrors()
    {
        fake.Outage = 503;

        var error = await Assert.ThrowsAsync<OperatorException>(() => Client().PollDesiredAsync(null, 0, CancellationToken.None));

        Assert.Equal(OperatorFailure.ServerError, error.Failure);
    }

    internal static NodeRegistration Registration() =>
        new(1, "0.1.0", "PAR-1", NodeRole.Compute, new NodeInventory(64, 262144, 1280, [], "none", "no GPU source"));

    internal static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    private OperatorClient Client(string token = Token) => new(http, fake.Url, Node, token, TimeProvider.System);
}
