using System.CommandLine;
using VmCloud.Cli.Client;
using VmCloud.Cli.Output;

namespace VmCloud.Cli.Commands;

/// <summary>
/// <c>vmcl describe KIND NAME [-n TENANT] [--server URL]</c>: one object for a human, like kubectl
/// describe — metadata, spec, placement, conditions and recent events. Exit codes as <c>vmcl get</c>.
/// </summary>
internal static class DescribeCommand
{
    public static Command Create(Terminal terminal)
    {
        var kindName = new Argument<string>("KIND") { Description = "Kind, plural or short name: vps, gpu, lb, cdn, vol, tn, hvnode." };
        var name = new Argument<string>("NAME") { Description = "The object's name." };
        var ns = OperatorConnection.NamespaceOption();
        var server = OperatorConnection.ServerOption();
        var command = new Command("describe", "Show one object with its conditions and events, like kubectl describe.")
        {
            kindName, name, ns, server,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (OperatorConnection.Kind(parse.GetValue(kindName)!, terminal.Error) is not { } kind) return Vmcl.UsageError;
            if (OperatorConnection.Server(parse.GetValue(server), terminal.Error) is not { } address) return Vmcl.UsageError;

            using var client = new OperatorClient(address);
            var reader = new ResourceReader(client);
            var objectName = parse.GetValue(name)!;
            var result = await reader.GetAsync(kind, kind.Namespaced ? parse.GetValue(ns) : null, objectName, cancellationToken);
            if (result is ApiResult.Failed failed)
            {
                terminal.Error.WriteLine($"vmcl: {failed.Message}");
                return failed.ExitCode;
            }
            var resource = ((ApiResult.Found)result).Body;

            // Without -n the object was found by name in some tenant: its events are in that one.
            var home = resource["metadata"]?["namespace"]?.GetValue<string>();
            var events = await reader.EventsAsync(kind, home, objectName, cancellationToken);
            if (events is ApiResult.Failed problem) terminal.Error.WriteLine($"vmcl: warning: cannot read the events: {problem.Message}");
            var eventItems = events is ApiResult.Found list ? ResourceReader.Items(list.Body) : null;
            terminal.Out.Write(ResourceDescription.Render(kind, resource, eventItems, TimeProvider.System.GetUtcNow()));
            return Vmcl.Ok;
        });
        return command;
    }
}
