namespace VmCloud.Crds.Generator;

/// <summary>
/// The command line of vmcloud-crdgen: <c>[--check] &lt;output-folder&gt;</c>. Writes one CRD per kind,
/// or with <c>--check</c> writes nothing and exits 1 listing the files that differ, for CI.
/// </summary>
internal static class CrdGeneratorCommand
{
    /// <summary>Everything is up to date, or was written.</summary>
    public const int Ok = 0;

    /// <summary><c>--check</c> found differences.</summary>
    public const int OutOfDate = 1;

    /// <summary>The arguments were wrong.</summary>
    public const int Usage = 2;

    private const string UsageText =
        "usage: vmcloud-crdgen [--check] <output-folder>\n" +
        "  Writes the CRD of every vmcloud.io kind into <output-folder>, one file per kind.\n" +
        "  --check  write nothing; exit 1 and list the files that differ.\n";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var check = args.Contains("--check");
        if (args.Contains("--help") || args.Contains("-h"))
        {
            output.Write(UsageText);
            return Ok;
        }
        var folders = args.Where(a => a != "--check").ToList();
        if (folders.Count != 1 || folders[0].StartsWith('-'))
        {
            error.Write(UsageText);
            return Usage;
        }
        var folder = folders[0];
        var files = CrdFiles.Render();
        return check ? Check(folder, files, output, error) : Write(folder, files, output);
    }

    private static int Check(string folder, IReadOnlyList<CrdFile> files, TextWriter output, TextWriter error)
    {
        var diff = CrdFiles.Compare(folder, files);
        if (diff.UpToDate)
        {
            output.WriteLine($"{folder}: {files.Count} CRDs up to date");
            return Ok;
        }
        error.WriteLine($"{folder} is out of date:");
        foreach (var name in diff.Changed) error.WriteLine($"  changed: {name}");
        foreach (var name in diff.Missing) error.WriteLine($"  missing: {name}");
        foreach (var name in diff.Stale) error.WriteLine($"  stale:   {name}");
        error.WriteLine($"Regenerate from the repository root with: {CrdFiles.RegenerateCommand}");
        return OutOfDate;
    }

    private static int Write(string folder, IReadOnlyList<CrdFile> files, TextWriter output)
    {
        var diff = CrdFiles.Write(folder, files);
        foreach (var name in diff.Changed) output.WriteLine($"  updated: {name}");
        foreach (var name in diff.Missing) output.WriteLine($"  created: {name}");
        foreach (var name in diff.Stale) output.WriteLine($"  deleted: {name}");
        output.WriteLine(diff.UpToDate
            ? $"{folder}: {files.Count} CRDs already up to date"
            : $"{folder}: {files.Count} CRDs written");
        return Ok;
    }
}
