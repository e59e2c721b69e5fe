using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Cli.Client;
using VmCloud.Cli.Output;

namespace VmCloud.Cli.Commands;

/// <summary>
/// <c>vmcl status [--wait] [--timeout 10m] [--server URL]</c>: every resource with its node and phase,
/// capacity used per datacenter and monthly revenue. With <c>--wait</c> it first shows progress until
/// everything that has a driver is Ready: exit 0 then, 1 with the reasons at the timeout.
/// </summary>
internal static class StatusCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly string[] ResourceKinds =
        [nameof(VirtualServer), nameof(GpuInstance), nameof(Volume), nameof(LoadBalancer), nameof(CdnDistribution)];

    public static Command Create(Terminal terminal)
    {
        var wait = new Option<bool>("--wait") { Description = "Show progress until every resource whose kind has a driver is Ready; exit 1 with the reasons at the timeout." };
        var timeout = new Option<string>("--timeout") { Description = "How long --wait waits, e.g. 90s or 10m.", DefaultValueFactory = _ => "10m" };
        var server = OperatorConnection.ServerOption();
        var command = new Command("status", "The fleet at a glance: resources with their node and phase, capacity used, monthly revenue.") { wait, timeout, server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (OperatorConnection.Server(parse.GetValue(server), terminal.Error) is not { } address) return Vmcl.UsageError;
            if (!TryDuration(parse.GetValue(timeout)!, out var limit)) return Usage(terminal, "--timeout takes a duration such as 90s or 10m");
            if (CommonOptions.LoadPolicies(parse.GetValue(CommonOptions.Policies), terminal) is not { } policies) return Vmcl.UsageError;
            using var client = new OperatorClient(address);
            var read = () => ReadAsync(client, policies.Catalog, terminal.Error, cancellationToken);
            var status = parse.GetValue(wait) ? await WaitAsync(read, limit, terminal, cancellationToken) : await read();
            if (status is null) return Vmcl.UsageError;
            Write(status, terminal.Console);
            if (!parse.GetValue(wait) || status.Converged) return Vmcl.Ok;
            terminal.Error.WriteLine($"vmcl: not converged within {parse.GetValue(timeout)}:");
            foreach (var row in status.Waiting) terminal.Error.WriteLine($"  {row.Tenant}/{row.Name} ({row.Kind}): {row.Reason}: {row.Message}");
            return Vmcl.Invalid;
        });
        return command;
    }

    // One progress line whenever the counts change, so a log shows the convergence too.
    private static async Task<FleetStatus?> WaitAsync(Func<Task<FleetStatus?>> read, TimeSpan limit, Terminal terminal, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        string? last = null;
        while (true)
        {
            var status = await read();
            if (status is null) return null;
            var line = string.Join("  ", status.Kinds.Select(k => $"{k.Kind} {k.Ready}/{k.Total}{(k.Driven ? "" : " (no driver yet)")}"));
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (line != last) terminal.Out.WriteLine($"[{elapsed.TotalSeconds,5:0.0}s] ready: {line}");
            last = line;
            if (status.Converged || elapsed > limit) return status;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    // Null, with the operator's own message on stderr, when any list cannot be read.
    private static async Task<FleetStatus?> ReadAsync(OperatorClient client, Core.Catalog.ProductCatalog catalog, TextWriter error, CancellationToken cancellationToken)
    {
        var reader = new ResourceReader(client);
        var resources = new List<CustomResource>();
        foreach (var kind in ResourceKinds)
        {
            if (await ListAsync<CustomResource>(reader, kind, error, cancellationToken) is not { } items) return null;
            resources.AddRange(items);
        }
        var nodes = await ListAsync<HypervisorNode>(reader, nameof(HypervisorNode), error, cancellationToken);
        var tenants = nodes is null ? null : await ListAsync<Tenant>(reader, nameof(Tenant), error, cancellationToken);
        return nodes is null || tenants is null ? null : FleetStatus.From(resources, nodes, tenants, catalog);
    }

    private static async Task<List<T>?> ListAsync<T>(ResourceReader reader, string kind, TextWriter error, CancellationToken cancellationToken) where T : CustomResource =>
        await reader.ListObjectsAsync(kind, error, cancellationToken) is { } items ? [.. items.Cast<T>()] : null;

    private static void Write(FleetStatus status, IAnsiConsole console)
    {
        var resources = new Table().Title("Resources").AddColumns("TENANT", "KIND", "NAME", "PLAN", "NODE", "PHASE", "READY");
        foreach (var r in status.Rows)
            resources.AddRow(Markup.Escape(r.Tenant), r.Kind, Markup.Escape(r.Name), Markup.Escape(r.Plan), r.Node ?? "-", r.Phase,
                r.Ready ? "True" : Markup.Escape($"False ({r.Reason})"));
        console.Write(resources);

        var capacity = new Table().Title("Capacity used").AddColumns("DATACENTER", "NODES", "VCPUS", "MEMORY GIB", "GPUS");
        foreach (var dc in status.Datacenters)
            capacity.AddRow(dc.Datacenter, Number(dc.Nodes), Share(dc.VcpusAllocated, dc.Vcpus), Share(dc.MemoryGiBAllocated, dc.MemoryGiB), Share(dc.GpusAllocated, dc.Gpus));
        console.Write(capacity);

        foreach (var kind in status.Kinds.Where(k => !k.Driven))
            console.WriteLine($"{kind.Kind}: {kind.Total} declared, not served yet: their node role has no driver in this release (shown Ready=False, not waited for).");
        console.WriteLine($"Monthly revenue of what is admitted, after discounts: {status.MonthlyEuros.ToString("N2", CultureInfo.InvariantCulture)} EUR");
        console.WriteLine($"Charged this month from the ledger (agent-confirmed hours, the current one provisional): {status.MonthToDateEuros.ToString("N2", CultureInfo.InvariantCulture)} EUR; per tenant: vmcl invoice --tenant NAME");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Share(int used, int total) =>
        total == 0 ? "-" : $"{used.ToString(CultureInfo.InvariantCulture)} / {total.ToString(CultureInfo.InvariantCulture)} ({(double)used / total:P0})";

    private static int Usage(Terminal terminal, string message)
    {
        terminal.Error.WriteLine($"vmcl: {message}");
        return Vmcl.UsageError;
    }

    private static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0) return false;
        duration = text[^1] switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), _ => default };
        return duration > TimeSpan.Zero;
    }
}
