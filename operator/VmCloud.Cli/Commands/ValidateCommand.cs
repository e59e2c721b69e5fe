using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;

namespace VmCloud.Cli.Commands;

/// <summary><c>vmcl validate DIR [-o text|json]</c>: every error of a manifest tree, in one pass.</summary>
internal static class ValidateCommand
{
    public static Command Create(Terminal terminal) => TreeCommand.Create(
        "validate",
        "Check manifests against the schema, the catalogue and the policies. Exit 0 valid, 1 invalid, 2 usage or I/O error.",
        ["text", "json"],
        terminal,
        (_, set, _, format) =>
        {
            if (format == "json") WriteJson(set, terminal);
            else WriteText(set, terminal);
            return set.Errors.Count == 0 ? Vmcl.Ok : Vmcl.Invalid;
        });

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
