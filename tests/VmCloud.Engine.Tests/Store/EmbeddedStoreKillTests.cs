using System.Collections.Concurrent;
using System.Diagnostics;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Store;

/// <summary>
/// A writer process is killed with SIGKILL at random moments, again and again; after each kill the
/// store reopens with every acknowledged write in it, and keeps working.
/// </summary>
public sealed class EmbeddedStoreKillTests : IDisposable
{
    private const int Rounds = 20;
    private static readonly TimeSpan RoundDeadline = TimeSpan.FromSeconds(30);

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task AcknowledgedWrites_SurviveKill9_AtAnyMoment()
    {
        var writer = await StoreWriterChild.BuildAsync();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var durable = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var acknowledged = await RunAndKillAsync(writer, round, killAfter: random.Next(1, 300));
            await using var store = EmbeddedStore.Open(new EmbeddedStoreOptions { DataDirectory = directory.Path });
            var found = (await store.ListAsync("VirtualServer", "kill")).Items.ToDictionary(item => item.Metadata.Name, StepOf);
            var context = $"seed {seed}, round {round}";

            foreach (var (name, step) in durable) Assert.True(found.GetValueOrDefault(name, Deleted) == step, $"{name} changed after a restart ({context})");
            foreach (var (name, acked) in acknowledged)
            {
                var step = found.GetValueOrDefault(name, Deleted);
                var inFlightNext = step == acked + 1 && (step < Deleted || IndexOf(name) % 2 == 0);
                Assert.True(step == acked || inFlightNext, $"{name}: acknowledged step {acked}, found {step} ({context})");
                durable[name] = step;
            }

            foreach (var (name, step) in found.Where(pair => !durable.ContainsKey(pair.Key)))
            {
                Assert.True(step == 0, $"{name} was never acknowledged yet is at step {step} ({context})");
                durable[name] = step;
            }

            await ProbeAsync(store, round);
        }
    }

    private const int Deleted = 3;

    /// <summary>How far an object got: 0 created, 1 spec updated, 2 status written; checks the content matches.</summary>
    private static int StepOf(CustomResource resource)
    {
        var server = (VirtualServer)resource;
        var step = server.Status?.Phase == "Running" ? 2 : int.Parse(server.Metadata.Annotations!["step"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(step == 0 ? "VPS-STARTER" : "VPS-BUSINESS", server.Spec.Plan);
        Assert.Equal(step == 0 ? 1 : 2, server.Metadata.Generation);
        Assert.Equal("debian-12", server.Spec.Image);
        return step;
    }

    private static int IndexOf(string name) => int.Parse(name[(name.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The store works after the restart: a write and a delete go through.</summary>
    private static async Task ProbeAsync(EmbeddedStore store, int round)
    {
        var probe = await store.CreateAsync(new Tenant { Metadata = new ObjectMeta { Name = $"probe-{round}" }, Spec = new TenantSpec { DisplayName = "Probe", BillingContact = "probe@example.com" } });
        Assert.Null(await store.DeleteAsync(ResourceKey.Of(probe)));
    }

    /// <summary>Runs the writer until it acknowledged some writes, kills it, and returns the last acknowledged step of each object.</summary>
    private async Task<Dictionary<string, int>> RunAndKillAsync(string writer, int round, int killAfter)
    {
        using var process = StoreWriterChild.Start(writer, directory.Path, round, snapshotMinRecords: 20);
        var lines = new BlockingCollection<string>();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line) lines.Add(line);
            lines.CompleteAdding();
        });
        var errors = process.StandardError.ReadToEndAsync();

        var acknowledged = new Dictionary<string, int>();
        using var deadline = new CancellationTokenSource(RoundDeadline);
        var acks = 0;
        try
        {
            foreach (var line in lines.GetConsumingEnumerable(deadline.Token))
            {
                if (Record(line, acknowledged) && ++acks == killAfter) process.Kill(entireProcessTree: true);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the writer acknowledged {acks} writes of {killAfter} in time: {await errors}");
        }

        await process.WaitForExitAsync().WaitAsync(RoundDeadline);
        await reading.WaitAsync(RoundDeadline);
        Assert.True(acks >= killAfter, $"the writer stopped by itself: {await errors}");
        return acknowledged;
    }

    /// <summary>Notes an acknowledgement; a line the kill cut short lacks its final dot and is not one.</summary>
    private static bool Record(string line, Dictionary<string, int> acknowledged)
    {
        var parts = line.Split(' ');
        if (parts is not [var op, var name, _, "."]) return false;
        acknowledged[name] = op switch { "C" => 0, "U" => 1, "S" => 2, _ => Deleted };
        return true;
    }
}
