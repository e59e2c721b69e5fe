using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using VmCloud.Api;
using VmCloud.Cli.Client;
using VmCloud.Cli.Output;

namespace VmCloud.Cli.Commands;

/// <summary>
/// <c>vmcl get KIND [NAME] [-n TENANT | -A] [-l key=value] [-o table|wide|json|yaml] [--server URL]</c>:
/// objects as the operator serves them. Exit 0 when read (an empty list included), 1 when the named
/// object does not exist, 2 on a usage error, an unknown kind or an unreachable operator.
/// </summary>
internal static class GetCommand
{
    // The API's JSON re-indented; '+' in timestamps and '<' in messages stay readable.
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(Terminal terminal)
    {
        var kindName = new Argument<string>("KIND") { Description = "Kind, plural or short name: vps, gpu, lb, cdn, vol, tn, hvnode." };
        var name = new Argument<string?>("NAME") { Description = "One object; all of them when left out.", Arity = ArgumentArity.ZeroOrOne };
        var ns = OperatorConnection.NamespaceOption();
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "Every tenant (also the default when -n is not given)." };
        var selector = new Option<string?>("--selector", "-l") { HelpName = "key=value,...", Description = "Only objects with these labels, e.g. -l role=web,app=kestrel." };
        var output = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "wide", "json", "yaml");
        var server = OperatorConnection.ServerOption();
        var command = new Command("get", "List objects from the operator, or show one, like kubectl get.")
        {
            kindName, name, ns, allNamespaces, selector, output, server,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (OperatorConnection.Kind(parse.GetValue(kindName)!, terminal.Error) is not { } kind) return Vmcl.UsageError;
            var (objectName, labels) = (parse.GetValue(name), parse.GetValue(selector));
            if (parse.GetValue(allNamespaces) && parse.GetValue(ns) is not null) return Usage(terminal, "pass either -n TENANT or -A, not both");
            if (objectName is not null && labels is not null) return Usage(terminal, "pass either a NAME or -l, not both");
            if (OperatorConnection.Server(parse.GetValue(server), terminal.Error) is not { } address) return Vmcl.UsageError;

            // Cluster-scoped kinds ignore -n, as kubectl does.
            var scope = kind.Namespaced ? parse.GetValue(ns) : null;
            using var client = new OperatorClient(address);
            var reader = new ResourceReader(client);
            var result = objectName is null
                ? await reader.ListAsync(kind, scope, labels, cancellationToken)
                : await reader.GetAsync(kind, scope, objectName, cancellationToken);
            if (result is ApiResult.Failed failed)
            {
                terminal.Error.WriteLine($"vmcl: {failed.Message}");
                return failed.ExitCode;
            }
            Write(terminal, kind, ((ApiResult.Found)result).Body, objectName is null, scope, parse.GetValue(output)!);
            return Vmcl.Ok;
        });
        return command;
    }

    private static void Write(Terminal terminal, KindInfo kind, JsonNode body, bool isList, string? scope, string format)
    {
        switch (format)
        {
            case "json":
                terminal.Out.WriteLine(body.ToJsonString(Pretty));
                return;
            case "yaml":
                terminal.Out.Write(YamlText.Write(body));
                return;
        }
        var items = isList ? ResourceReader.Items(body) : [body];
        if (items.Count == 0)
        {
            // As kubectl: nothing on stdout, so scripts counting lines count none.
            terminal.Error.WriteLine(scope is null ? $"No {kind.Plural} found." : $"No {kind.Plural} found in namespace {scope}.");
            return;
        }
        terminal.Out.Write(ResourceTable.Render(kind, items, format == "wide", withNamespace: kind.Namespaced && scope is null, TimeProvider.System.GetUtcNow()));
    }

    private static int Usage(Terminal terminal, string message)
    {
        terminal.Error.WriteLine($"vmcl: {message}");
        return Vmcl.UsageError;
    }
}
