using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;

namespace VmCloud.Cli.Commands;

/// <summary><c>vmcl validate DIR [-o text|json]</c>: every error of a manifest tree, in one pass.</summary>
internal static class ValidateCommand
{
    public static Command Create(Terminal terminal)
    {
        var tree = CommonOptions.Tree("Folder (or file) of manifests, e.g. examples/gitops.");
        var output = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var command = new Command("validate", "Check manifests against the schema, the catalogue and the policies. Exit 0 valid, 1 invalid, 2 usage or I/O error.")
        {
            tree, output,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(tree)!;
            if (!CommonOptions.TreeExists(path, terminal)) return Vmcl.UsageError;
            if (CommonOptions.LoadPolicies(parse.GetValue(CommonOptions.Policies), terminal) is not { } policies) return Vmcl.UsageError;
            var set = ManifestValidator.LoadAndValidate(path, policies);
            if (parse.GetValue(output) == "json") WriteJson(set, terminal);
            else WriteText(set, terminal);
            return set.Errors.Count == 0 ? Vmcl.Ok : Vmcl.Invalid;
        });
        return command;
    }

    private static void WriteText(ManifestSet set, Terminal terminal)
    {
        foreach (var error in set.Errors) terminal.Out.WriteLine(error);
        var files = set.Errors.Select(e => e.At.File).Distinct().Count();
        terminal.Console.MarkupLine(set.Errors.Count == 0
            ? $"[green]valid:[/] {set.Manifests.Count} objects in {set.FileCount} files"
            : $"[red]invalid:[/] {set.Errors.Count} error(s) in {files} file(s)");
    }

    private static void WriteJson(ManifestSet set, Terminal terminal)
    {
        var document = new
        {
            valid = set.Errors.Count == 0,
            errors = set.Errors.Select(e => new
            {
                file = e.At.File,
                line = e.At.Line,
                column = e.At.Column,
                kind = e.Kind,
                @namespace = e.Namespace,
                name = e.Name,
                message = e.Message,
            }),
        };
        terminal.Out.WriteLine(JsonSerializer.Serialize(document, CliJson.Options));
    }
}
