using System.Text;
using VmCloud.Crds.Generator;
using VmCloud.Tests;

namespace VmCloud.Api.Tests;

/// <summary>The committed CRDs are the generator's output, and the command line writes and checks them.</summary>
public sealed class CrdGeneratorTests : IDisposable
{
    private static readonly string Committed = RepoPaths.Combine("crds", "generated");
    private readonly string _scratch = Directory.CreateTempSubdirectory("vmcloud-crdgen-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Generator_Output_MatchesCommittedYaml()
    {
        var expected = CrdFiles.Render();
        var diff = CrdFiles.Compare(Committed, expected);

        Assert.True(diff.UpToDate, OutOfDateMessage(diff, expected));
    }

    [Fact]
    public void GeneratedFolder_HoldsOnlyGeneratorOutput()
    {
        var expected = CrdFiles.Render().Select(f => f.FileName).Order(StringComparer.Ordinal);
        var actual = Directory.EnumerateFiles(Committed).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Generator_Output_IsDeterministic_WithHeaderAndLfOnly()
    {
        var first = CrdFiles.Render();
        var second = CrdFiles.Render();

        Assert.Equal(first, second);
        Assert.All(first, file =>
        {
            Assert.StartsWith($"# {CrdFiles.Header}\napiVersion: apiextensions.k8s.io/v1\n", file.Content, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', file.Content);
            Assert.EndsWith("\n", file.Content, StringComparison.Ordinal);
            Assert.False(file.Bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte-order mark");
        });
    }

    [Fact]
    public void Check_ExitsZero_AfterWrite()
    {
        Assert.Equal(CrdGeneratorCommand.Ok, Run(_scratch));

        var (code, output, _) = RunCapturing("--check", _scratch);

        Assert.Equal(CrdGeneratorCommand.Ok, code);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExitsOne_AndListsFiles_WhenFolderDiffers()
    {
        Run(_scratch);
        File.AppendAllText(Path.Combine(_scratch, "vmcloud.io_volumes.yaml"), "# edited by hand\n");
        File.Delete(Path.Combine(_scratch, "vmcloud.io_tenants.yaml"));
        File.WriteAllText(Path.Combine(_scratch, "vmcloud.io_widgets.yaml"), "kind: Widget\n");
        var before = Snapshot(_scratch);

        var (code, _, error) = RunCapturing("--check", _scratch);

        Assert.Equal(CrdGeneratorCommand.OutOfDate, code);
        Assert.Contains("changed: vmcloud.io_volumes.yaml", error, StringComparison.Ordinal);
        Assert.Contains("missing: vmcloud.io_tenants.yaml", error, StringComparison.Ordinal);
        Assert.Contains("stale:   vmcloud.io_widgets.yaml", error, StringComparison.Ordinal);
        Assert.Contains(CrdFiles.RegenerateCommand, error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_scratch));
    }

    [Fact]
    public void Write_RepairsFolder_AndLeavesFilesItDoesNotOwn()
    {
        Run(_scratch);
        File.WriteAllText(Path.Combine(_scratch, "vmcloud.io_volumes.yaml"), "garbage\n");
        File.WriteAllText(Path.Combine(_scratch, "vmcloud.io_widgets.yaml"), "kind: Widget\n");
        File.WriteAllText(Path.Combine(_scratch, "notes.txt"), "mine\n");

        Assert.Equal(CrdGeneratorCommand.Ok, Run(_scratch));

        Assert.True(CrdFiles.Compare(_scratch, CrdFiles.Render()).UpToDate);
        Assert.False(File.Exists(Path.Combine(_scratch, "vmcloud.io_widgets.yaml")));
        Assert.True(File.Exists(Path.Combine(_scratch, "notes.txt")));
    }

    [Theory]
    [InlineData()]
    [InlineData("--check")]
    [InlineData("a", "b")]
    [InlineData("--force", "out")]
    public void Run_ExitsTwo_OnBadArguments(params string[] args)
    {
        var (code, _, error) = RunCapturing(args);

        Assert.Equal(CrdGeneratorCommand.Usage, code);
        Assert.Contains("usage: vmcloud-crdgen", error, StringComparison.Ordinal);
    }

    private static int Run(string folder) => RunCapturing(folder).Code;

    private static (int Code, string Output, string Error) RunCapturing(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CrdGeneratorCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder).ToDictionary(p => Path.GetFileName(p), File.ReadAllText);

    // Points at the first differing line so a developer sees why without diffing by hand.
    private static string OutOfDateMessage(CrdFolderDiff diff, IReadOnlyList<CrdFile> expected)
    {
        var message = new StringBuilder("crds/generated does not match the C# API types in crds/VmCloud.Api.\n");
        foreach (var name in diff.Changed) message.AppendLine($"  changed: {name}{FirstDifference(expected.Single(f => f.FileName == name))}");
        foreach (var name in diff.Missing) message.AppendLine($"  missing: {name}");
        foreach (var name in diff.Stale) message.AppendLine($"  stale:   {name}");
        message.AppendLine($"Regenerate from the repository root with: {CrdFiles.RegenerateCommand}");
        message.Append("and commit the result.");
        return message.ToString();
    }

    private static string FirstDifference(CrdFile file)
    {
        var actual = File.ReadAllText(Path.Combine(Committed, file.FileName)).Split('\n');
        var wanted = file.Content.Split('\n');
        for (var i = 0; i < Math.Max(actual.Length, wanted.Length); i++)
        {
            var have = i < actual.Length ? actual[i] : "<end of file>";
            var want = i < wanted.Length ? wanted[i] : "<end of file>";
            if (have != want) return $" (line {i + 1}: committed \"{have}\", generator \"{want}\")";
        }
        return " (bytes differ, e.g. line endings or a byte-order mark)";
    }
}
