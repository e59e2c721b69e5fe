using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using VmCloud.Agent.Convergence;
using VmCloud.Agent.Fleet;
using VmCloud.Agent.Metrics;
using VmCloud.Agent.Protocol;
using VmCloud.Agent.Tests.Fakes;
using VmCloud.Api.Agents;
using VmCloud.Api.V1Alpha1;
using Xunit.Abstractions;
using static VmCloud.Agent.Tests.Convergence.Fixtures;

namespace VmCloud.Agent.Tests.Fleet;

/// <summary>Hollow fleets on libvirt's test driver against the fake operator.</summary>
public sealed class HollowFleetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Fleet_RegistersEveryNode_WithItsManifestsInventory_AndConverges()
    {
        using var directory = new TempDirectory();
        var gpus = "  gpus:\n    - {model: A100-80GB, pciAddress: \"0000:41:00.0\", uuid: GPU-1}\n    - {model: A100-80GB, pciAddress: \"0000:61:00.0\"}\n";
        File.WriteAllText(directory.Combine("fleet.yaml"),
            FleetManifests.Node("par1-c01") + "---\n" + FleetManifests.Node("par1-c02", vcpus: 48) + "---\n" + FleetManifests.Node("par1-g01", "Gpu", 96, gpus));
        var (nodes, errors) = FleetNode.Load(directory.Path);
        Assert.Empty(errors);
        var tokens = nodes.ToDictionary(n => n.Name, n => "token-" + n.Name);
        await using var fake = await FakeOperator.StartAsync(tokens);
        using var http = OperatorHttp.CreateClient();
        using var fleet = HollowFleet.Create(nodes, Options(fake, directory, tokens), http, NullLoggerFactory.Instance, new AgentMetrics());
        using var stop = new CancellationTokenSource();
        var run = fleet.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => fleet.Progress().Registered == 3, "three registrations");
        var gpuNode = fake.RegistrationsOf("par1-g01").Single();
        Assert.Equal((96, 256L * 1024, 1280L, NodeRole.Gpu, "file"), (gpuNode.Inventory.Vcpus, gpuNode.Inventory.MemoryMiB, gpuNode.Inventory.StorageGiB, gpuNode.Role, gpuNode.Inventory.GpuSource));
        Assert.Equal(["0000:41:00.0", "0000:61:00.0"], gpuNode.Inventory.Gpus.Select(g => g.PciAddress));
        Assert.Equal(48, fake.RegistrationsOf("par1-c02").Single().Inventory.Vcpus);

        var server = Server("gpu", vcpus: 16, gpus: ["0000:41:00.0"], kind: "GpuInstance");
        var revision = fake.Publish(new DesiredDocument(1, "par1-g01", 0, [server], [], []));
        await Eventually.TrueAsync(() => fake.LastReportOf("par1-g01") is { } r && r.AppliedRevision == revision && r.Servers is [{ Running: true }], "the GPU instance runs");
        var domain = fleet.HypervisorOf("par1-g01").ListDomains().Single();
        Assert.Equal((Uid("gpu"), 16, "0000:41:00.0"), (domain.Uuid, domain.Vcpus, domain.HostdevPciAddresses.Single()));
        Assert.Empty(fleet.HypervisorOf("par1-c01").ListDomains());

        fleet.HypervisorOf("par1-g01").SetPower(Uid("gpu"), PowerAction.Destroy);
        await Eventually.TrueAsync(() => fleet.HypervisorOf("par1-g01").ListDomains().Single().Running, "drift restored");

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Fleet_OfAThousandNodes_RegistersAndReports_InOneProcess()
    {
        const int count = 1000;
        using var directory = new TempDirectory();
        FleetManifests.WriteComputeNodes(directory.Path, count);
        var (nodes, errors) = FleetNode.Load(directory.Path);
        Assert.Empty(errors);
        var tokens = nodes.ToDictionary(n => n.Name, n => "token-" + n.Name);
        await using var fake = await FakeOperator.StartAsync(tokens);
        using var http = OperatorHttp.CreateClient();
        var clock = Stopwatch.StartNew();
        using var fleet = HollowFleet.Create(nodes, Options(fake, directory, tokens, heartbeat: TimeSpan.FromSeconds(5)), http, NullLoggerFactory.Instance);
        var created = clock.Elapsed;
        using var stop = new CancellationTokenSource();
        var run = fleet.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => fleet.Progress().Registered == count, "every node registered", TimeSpan.FromSeconds(60));
        var registered = clock.Elapsed;
        var revisions = nodes.Take(50).Select((n, i) => (n.Name, Revision: fake.Publish(new DesiredDocument(1, n.Name, 0, [Server(i % 2 == 0 ? "web" : "db")], [], [])))).ToList();
        await Eventually.TrueAsync(() => revisions.All(p => fake.LastReportOf(p.Name) is { } r && r.AppliedRevision == p.Revision && r.Servers is [{ Running: true }]),
            "fifty nodes converged a new document", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => nodes.All(n => fake.LastReportOf(n.Name) is not null), "every node reported", TimeSpan.FromSeconds(60));
        output.WriteLine($"{count} nodes: created in {created.TotalSeconds:0.0} s, registered after {registered.TotalSeconds:0.0} s, all reported after {clock.Elapsed.TotalSeconds:0.0} s");

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static HollowFleetOptions Options(FakeOperator fake, TempDirectory directory, Dictionary<string, string> tokens, TimeSpan? heartbeat = null) => new()
    {
        OperatorUrl = fake.Url,
        StateDirectory = directory.Combine("state"),
        TokenOf = node => tokens[node],
        HeartbeatInterval = heartbeat ?? TimeSpan.FromMilliseconds(300),
        LongPollSeconds = 2,
    };
}
