using System.CommandLine;
using System.Text.Json;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;
using VmCloud.Engine.Planning;

namespace VmCloud.Cli.Commands;

/// <summary>
/// <c>vmcl plan FROM_DIR TO_DIR --fleet FLEET [-o table|json|markdown]</c>: what a change would do.
/// Exit 0 when the new state is valid, within quotas and budgets, and fits; 1 otherwise; 2 on usage errors.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(Terminal terminal)
    {
        var from = new Argument<string>("FROM_DIR") { Description = "The current manifests (an empty folder for a new repository)." };
        var to = new Argument<string>("TO_DIR") { Description = "The proposed manifests." };
        var fleet = new Option<string>("--fleet") { Description = "Folder or file of HypervisorNode objects with their capacity, e.g. examples/fleet.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json", "markdown");
        var command = new Command("plan", "What a change would do: creates, updates and deletes, monthly cost per tenant before and after, whether it fits the fleet, and what quotas or policies refuse.")
        {
            from, to, fleet, output,
        };
        command.SetAction(parse =>
        {
            string[] paths = [parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(fleet)!];
            foreach (var missing in paths.Where(p => !Directory.Exists(p) && !File.Exists(p)))
            {
                terminal.Error.WriteLine($"vmcl: {missing}: no such file or directory");
                return Vmcl.UsageError;
            }
            if (CommonOptions.LoadPolicies(parse.GetValue(CommonOptions.Policies), terminal) is not { } policies) return Vmcl.UsageError;

            var before = ManifestValidator.LoadAndValidate(paths[0], policies);
            foreach (var error in before.Errors) terminal.Error.WriteLine($"warning: the current state is invalid: {error}");
            var after = ManifestValidator.LoadAndValidate(paths[1], policies);
            var nodes = ManifestLoader.LoadTree(paths[2], allowStatus: true);
            if (nodes.Errors.Count > 0 || !nodes.Manifests.Any(m => m.Object is HypervisorNode))
            {
                foreach (var error in nodes.Errors) terminal.Error.WriteLine(error);
                terminal.Error.WriteLine($"vmcl: {paths[2]}: the fleet must be valid HypervisorNode manifests");
                return Vmcl.UsageError;
            }

            var plan = Planner.Make(Objects(before), Objects(after), after.Errors,
                nodes.Manifests.Select(m => m.Object).OfType<HypervisorNode>().ToList(), policies);
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

    private static List<VmCloud.Api.CustomResource> Objects(ManifestSet set) => set.Manifests.Select(m => m.Object).ToList();

    private static object PlanJson(Plan plan) => new
    {
        changes = plan.Changes.Select(c => new { action = c.Action, kind = c.Kind, @namespace = c.Namespace, name = c.Name }),
        tenants = plan.Tenants.Select(t => new { tenant = t.Tenant, monthlyEurosBefore = t.MonthlyEurosBefore, monthlyEurosAfter = t.MonthlyEurosAfter }),
        fits = plan.Fits,
        unschedulable = plan.Unschedulable.Select(u => new { kind = u.Kind, @namespace = u.Namespace, name = u.Name, reason = u.Reason }),
        violations = plan.Violations.Select(v => new { kind = v.Kind, @namespace = v.Namespace, name = v.Name, message = v.Message }),
        errors = plan.Errors.Select(e => new { file = e.At.File, line = e.At.Line, column = e.At.Column, kind = e.Kind, @namespace = e.Namespace, name = e.Name, message = e.Message }),
    };
}
