using System.CommandLine;
using VmCloud.Core.Catalog;

namespace VmCloud.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>Where the catalogue and policies are read from.</summary>
    public static Option<DirectoryInfo?> Policies { get; } = new("--policies")
    {
        Description = "Folder with catalog.yaml and the other policies (default: $VMCLOUD_POLICIES, or the policies/ folder of the checkout).",
        Recursive = true,
    };

    /// <summary>Loads the policies, or explains on stderr why not (exit code 2 follows).</summary>
    public static PolicySet? LoadPolicies(DirectoryInfo? explicitDirectory, Terminal terminal)
    {
        var directory = explicitDirectory?.FullName ?? PolicyLocator.Find();
        if (directory is null)
        {
            terminal.Error.WriteLine("vmcl: cannot find the policies folder; pass --policies DIR or set VMCLOUD_POLICIES");
            return null;
        }
        var result = PolicyLoader.Load(directory);
        if (result.Policies is { } policies) return policies;
        terminal.Error.WriteLine($"vmcl: the policies in {directory} are invalid:");
        foreach (var error in result.Errors) terminal.Error.WriteLine($"  {error}");
        return null;
    }
}

/// <summary>Finds the policies folder when none is given.</summary>
internal static class PolicyLocator
{
    /// <summary>$VMCLOUD_POLICIES, else a policies/catalog.yaml above the working directory or above vmcl itself.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("VMCLOUD_POLICIES") is { Length: > 0 } fromEnvironment) return fromEnvironment;
        return Above(Directory.GetCurrentDirectory()) ?? Above(AppContext.BaseDirectory);
    }

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "policies", "catalog.yaml"))) return Path.Combine(dir.FullName, "policies");
        return null;
    }
}
