using System.CommandLine;
using System.Text.Json;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Cli.Client;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;
using VmCloud.Engine.GitSync;
using VmCloud.Engine.Planning;
using VmCloud.Engine.Sources;

namespace VmCloud.Cli.Commands;

/// <summary>
/// <c>vmcl plan FROM_DIR TO_DIR --fleet FLEET</c> or <c>vmcl plan --repo PATH --base REF --head REF</c>:
/// what a change would do. Between Git commits it is the plan a pull request gets; without
/// <c>--fleet</c> it is checked against the live fleet of the operator (<c>--server</c>).
/// Exit 0 when the new state is valid, within quotas and budgets, and fits; 1 otherwise; 2 on usage errors.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(Terminal terminal)
    {
        var from = new Argument<string?>("FROM_DIR") { Description = "The current manifests (an empty folder for a new repository).", Arity = ArgumentArity.ZeroOrOne };
        var to = new Argument<string?>("TO_DIR") { Description = "The proposed manifests.", Arity = ArgumentArity.ZeroOrOne };
        var repo = new Option<string?>("--repo") { Description = "A Git repository: plan between two of its commits instead of two folders." };
        var @base = new Option<string?>("--base") { Description = "With --repo: the current commit (a branch, tag or sha)." };
        var head = new Option<string?>("--head") { Description = "With --repo: the proposed commit." };
        var fleet = new Option<string?>("--fleet") { Description = "Folder or file of HypervisorNode objects with their capacity, e.g. examples/fleet. Without it, the operator's live fleet." };
        var server = OperatorConnection.ServerOption();
        var output = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json", "markdown");
        var command = new Command("plan", "What a change would do: creates, updates and deletes, monthly cost per tenant before and after, whether it fits the fleet, and what quotas or policies refuse.")
        {
            from, to, repo, @base, head, fleet, server, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (CommonOptions.LoadPolicies(parse.GetValue(CommonOptions.Policies), terminal) is not { } policies) return Vmcl.UsageError;
            var states = parse.GetValue(repo) is { } repository
                ? await CommitsAsync(repository, parse.GetValue(@base), parse.GetValue(head), parse.GetValue(from) is not null, policies, terminal, cancellationToken)
                : Folders(parse.GetValue(from), parse.GetValue(to), parse.GetValue(fleet), policies, terminal);
            if (states is not var (before, after)) return Vmcl.UsageError;
            foreach (var error in before.Errors) terminal.Error.WriteLine($"warning: the current state is invalid: {error}");
            if (await FleetAsync(parse.GetValue(fleet), parse.GetValue(server), terminal, cancellationToken) is not var (nodes, live)) return Vmcl.UsageError;

            var plan = Planner.Make(Objects(before), SourceApproval.WithLiveStatus(Objects(after), live), after.Errors, nodes, policies);
            switch (parse.GetValue(output))
            {
                case "json": terminal.Out.WriteLine(JsonSerializer.Serialize(PlanJson(plan), CliJson.Options)); break;
                case "markdown": terminal.Out.Write(PlanMarkdown.Render(plan)); break;
                default: PlanTables.Write(plan, terminal.Console); break;
            }
            return plan.Acceptable ? Vmcl.Ok : Vmcl.Invalid;
        });
        return command;
    }

    private static (ManifestSet Before, ManifestSet After)? Folders(string? from, string? to, string? fleet, PolicySet policies, Terminal terminal)
    {
        if (from is null || to is null)
        {
            terminal.Error.WriteLine("vmcl: plan needs FROM_DIR and TO_DIR, or --repo PATH --base REF --head REF");
            return null;
        }
        foreach (var missing in new[] { from, to }.Where(p => !Directory.Exists(p) && !File.Exists(p)))
        {
            terminal.Error.WriteLine($"vmcl: {missing}: no such file or directory");
            return null;
        }
        return (ManifestValidator.LoadAndValidate(from, policies), ManifestValidator.LoadAndValidate(to, policies));
    }

    // Commits are read from the object database, as the operator reads them: the checkout is not touched.
    private static async Task<(ManifestSet Before, ManifestSet After)?> CommitsAsync(
        string repository, string? @base, string? head, bool foldersToo, PolicySet policies, Terminal terminal, CancellationToken cancellationToken)
    {
        if (foldersToo || @base is null || head is null)
        {
            terminal.Error.WriteLine("vmcl: --repo needs --base REF and --head REF, and no folders");
            return null;
        }
        if (!Directory.Exists(repository))
        {
            terminal.Error.WriteLine($"vmcl: {repository}: no such directory");
            return null;
        }
        try
        {
            var git = GitCli.OpenLocal(repository);
            var baseCommit = await git.ResolveCommitAsync(@base, cancellationToken);
            var headCommit = await git.ResolveCommitAsync(head, cancellationToken);
            return (await CommitManifests.LoadAsync(git, baseCommit, policies, LoadLimits.Default, cancellationToken),
                await CommitManifests.LoadAsync(git, headCommit, policies, LoadLimits.Default, cancellationToken));
        }
        catch (GitException e)
        {
            terminal.Error.WriteLine($"vmcl: {repository}: {e.Message}");
            return null;
        }
    }

    // A fleet file (offline), or the operator's nodes and the live objects whose node a plan keeps.
    private static async Task<(IReadOnlyList<HypervisorNode>? Nodes, IReadOnlyList<CustomResource> Live)?> FleetAsync(
        string? fleet, string? server, Terminal terminal, CancellationToken cancellationToken)
    {
        if (fleet is not null)
        {
            if (!File.Exists(fleet) && !Directory.Exists(fleet))
            {
                terminal.Error.WriteLine($"vmcl: {fleet}: no such file or directory");
                return null;
            }
            var nodes = ManifestLoader.LoadTree(fleet, allowStatus: true);
            if (nodes.Errors.Count > 0 || !nodes.Manifests.Any(m => m.Object is HypervisorNode))
            {
                foreach (var error in nodes.Errors) terminal.Error.WriteLine(error);
                terminal.Error.WriteLine($"vmcl: {fleet}: the fleet must be valid HypervisorNode manifests");
                return null;
            }
            return ([.. nodes.Manifests.Select(m => m.Object).OfType<HypervisorNode>()], []);
        }
        if (OperatorConnection.Server(server, terminal.Error) is not { } address) return null;
        using var client = new OperatorClient(address);
        var reader = new ResourceReader(client);
        var live = new List<CustomResource>();
        foreach (var kind in Kinds.All.Where(k => k.Type != typeof(Source)))
        {
            if (await reader.ListObjectsAsync(kind.Kind, terminal.Error, cancellationToken) is not { } items)
            {
                terminal.Error.WriteLine("vmcl: without --fleet FLEET the plan needs the operator's live fleet; pass --fleet or --server");
                return null;
            }
            live.AddRange(items);
        }
        return live.OfType<HypervisorNode>().ToList() is { Count: > 0 } registered ? (registered, live) : (null, live);
    }

    private static List<CustomResource> Objects(ManifestSet set) => set.Manifests.Select(m => m.Object).ToList();

    private static object PlanJson(Plan plan) => new
    {
        changes = plan.Changes.Select(c => new { action = c.Action, kind = c.Kind, @namespace = c.Namespace, name = c.Name }),
        tenants = plan.Tenants.Select(t => new { tenant = t.Tenant, monthlyEurosBefore = t.MonthlyEurosBefore, monthlyEurosAfter = t.MonthlyEurosAfter }),
        fits = plan.Fits,
        capacityChecked = plan.CapacityChecked,
        unschedulable = plan.Unschedulable.Select(u => new { kind = u.Kind, @namespace = u.Namespace, name = u.Name, reason = u.Reason }),
        violations = plan.Violations.Select(v => new { kind = v.Kind, @namespace = v.Namespace, name = v.Name, message = v.Message }),
        errors = plan.Errors.Select(e => new { file = e.At.File, line = e.At.Line, column = e.At.Column, kind = e.Kind, @namespace = e.Namespace, name = e.Name, message = e.Message }),
    };
}
