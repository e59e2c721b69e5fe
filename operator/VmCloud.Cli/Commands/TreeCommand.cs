using System.CommandLine;
using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Validation;

namespace VmCloud.Cli.Commands;

/// <summary>
/// A command over one manifest tree with an output format: it checks the path, loads the policies
/// and validates the tree, then hands the result to the command's own step.
/// </summary>
internal static class TreeCommand
{
    /// <summary>The step a command runs on a loaded, validated tree; returns the exit code.</summary>
    public delegate int Step(string path, ManifestSet set, PolicySet policies, string format);

    public static Command Create(string name, string description, string[] formats, Terminal terminal, Step step)
    {
        var tree = new Argument<string>("DIR") { Description = "Folder (or single file) of manifests, e.g. examples/gitops." };
        var output = new Option<string>("--output", "-o") { Description = "Output format.", DefaultValueFactory = _ => formats[0] };
        output.AcceptOnlyFromAmong(formats);
        var command = new Command(name, description) { tree, output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(tree)!;
            if (!Directory.Exists(path) && !File.Exists(path))
            {
                terminal.Error.WriteLine($"vmcl: {path}: no such file or directory");
                return Vmcl.UsageError;
            }
            if (CommonOptions.LoadPolicies(parse.GetValue(CommonOptions.Policies), terminal) is not { } policies) return Vmcl.UsageError;
            var set = ManifestValidator.LoadAndValidate(path, policies);
            return step(path, set, policies, parse.GetValue(output)!);
        });
        return command;
    }
}
