using System.Text;
using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>Which files of a real directory are read, in which order, and which are refused.</summary>
public sealed class ManifestTreeReaderTests : IDisposable
{
    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    private (IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors) Read(LoadLimits? limits = null) =>
        ManifestTreeReader.Read(tree.Root, limits ?? LoadLimits.Default);

    [Fact]
    public void Read_ReadsOnlyYamlFiles_SkipsHiddenEntries_InDeterministicOrder()
    {
        // Written out of order, so the order read cannot come from creation order.
        tree.Write("tenants/acme/web.yaml", "w: 1\n");
        tree.Write("sub/z.yaml", "z: 1\n");
        tree.Write("sub/a.YAML", "a: 1\n");
        tree.Write("b.yaml", "b: 1\n");
        tree.Write("a.yml", "a: 1\n");
        tree.Write("README.md", "# not a manifest\n");
        tree.Write("notes.txt", "x: 1\n");
        tree.Write("yaml", "x: 1\n");
        tree.Write(".hidden.yaml", "x: 1\n");
        tree.Write(".git/config.yaml", "x: 1\n");
        tree.Write(".github/workflows/ci.yml", "x: 1\n");

        var (files, errors) = Read();

        ErrorAssert.None(errors);
        Assert.Equal(["a.yml", "b.yaml", "sub/a.YAML", "sub/z.yaml", "tenants/acme/web.yaml"], files.Select(f => f.RelativePath));
        Assert.Equal(files.Select(f => tree.PathOf(f.RelativePath)), files.Select(f => f.DisplayPath));
        Assert.Equal("w: 1\n", files[^1].Text);
        Assert.Equal(files.Select(f => f.RelativePath), Read().Files.Select(f => f.RelativePath));
    }

    [Fact]
    public void Read_ReadsASingleFile_GivenAsTheRoot()
    {
        var path = tree.Write("tenants/acme/web.yaml", "w: 1\n");

        var (files, errors) = ManifestTreeReader.Read(path, LoadLimits.Default);

        ErrorAssert.None(errors);
        var file = Assert.Single(files);
        Assert.Equal((path, "web.yaml", "w: 1\n"), (file.DisplayPath, file.RelativePath, file.Text));
    }

    [Fact]
    public void Read_ReportsAPathThatDoesNotExist_AtThePath()
    {
        var missing = tree.PathOf("nowhere");

        var (files, errors) = ManifestTreeReader.Read(missing, LoadLimits.Default);

        Assert.Empty(files);
        ErrorAssert.Single(errors, missing, 1, 1, "no such file or directory");
    }

    [Fact]
    public void Read_ReturnsNothing_ForAnEmptyDirectory()
    {
        var (files, errors) = Read();

        Assert.Empty(files);
        ErrorAssert.None(errors);
    }

    [Fact]
    public void Read_RefusesAFileOverMaxFileBytes_AndReadsOneAtTheCap()
    {
        var big = tree.Write("big.yaml", new string('x', 2049));
        tree.Write("fits.yaml", new string('x', 2048));

        var (files, errors) = Read(LoadLimits.Default with { MaxFileBytes = 2048 });

        ErrorAssert.Single(errors, big, 1, 1, "file is larger than the cap of 2 KiB; split it into smaller files");
        Assert.Equal("fits.yaml", Assert.Single(files).RelativePath);
    }

    [Fact]
    public void Read_StopsAtMaxFiles_AtTheFirstFileOver()
    {
        tree.Write("a.yaml", "a: 1\n");
        tree.Write("b.yaml", "b: 1\n");
        var third = tree.Write("c.yaml", "c: 1\n");
        tree.Write("d.yaml", "d: 1\n");

        var (files, errors) = Read(LoadLimits.Default with { MaxFiles = 2 });

        Assert.Equal(["a.yaml", "b.yaml"], files.Select(f => f.RelativePath));
        ErrorAssert.Single(errors, third, 1, 1, "more than 2 manifest files in the tree; split the repository or raise the cap");
    }

    [Fact]
    public void Read_StopsAtMaxTreeBytes_AtTheFileThatGoesOver()
    {
        var limits = LoadLimits.Default with { MaxFileBytes = 4 * 1024 * 1024, MaxTreeBytes = 2 * 1024 * 1024 };
        tree.Write("a.yaml", new string('a', 1024 * 1024));
        tree.Write("b.yaml", new string('b', 1024 * 1024));
        var third = tree.Write("c.yaml", new string('c', 1024));

        var (files, errors) = Read(limits);

        Assert.Equal(["a.yaml", "b.yaml"], files.Select(f => f.RelativePath));
        ErrorAssert.Single(errors, third, 1, 1, "the tree holds more than 2 MiB of manifests");
    }

    [Fact]
    public void Read_RefusesABinaryFile_WithTheOffsetOfTheNul()
    {
        var path = tree.WriteBytes("blob.yaml", [.. "x: 1\n"u8, 0, 1, 2]);

        var (files, errors) = Read();

        Assert.Empty(files);
        ErrorAssert.Single(errors, path, 1, 1, "binary file (a NUL byte at offset 5); only YAML text manifests belong here");
    }

    [Fact]
    public void Read_RefusesNonUtf8Bytes_AtTheLineOfTheBadByte()
    {
        var path = tree.WriteBytes("latin1.yaml", [.. "a: 1\nb: 2\nname: caf"u8, 0xE9, .. "\nd: 4\n"u8]);

        var (files, errors) = Read();

        Assert.Empty(files);
        ErrorAssert.Single(errors, path, 3, 1, "the file is not valid UTF-8; save it as UTF-8");
    }

    [Fact]
    public void Read_RefusesNonUtf8Bytes_AtTheLineOfTheBadByte_FarIntoALargeFile()
    {
        var head = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"key{i}: value {i}\n")));
        var path = tree.WriteBytes("latin1.yaml", [.. head, .. "bad: "u8, 0xFF, .. "\n"u8]);

        var (_, errors) = Read();

        ErrorAssert.Single(errors, path, 5001, 1, "not valid UTF-8");
    }

    [Fact]
    public void Read_RefusesAUtf16File()
    {
        var path = tree.WriteBytes("utf16.yaml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("a: 1\n")]);

        var (files, errors) = Read();

        Assert.Empty(files);
        Assert.Equal(new SourceMark(path, 1, 1), Assert.Single(errors).At);
    }

    [Fact]
    public void Read_RefusesAUtf16File_SayingToSaveItAsUtf8()
    {
        var path = tree.WriteBytes("utf16.yaml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("a: 1\n")]);

        ErrorAssert.Single(Read().Errors, path, 1, 1, "the file is UTF-16; save it as UTF-8");
    }

    [Fact]
    public void LoadTree_AcceptsAUtf8Bom()
    {
        tree.WriteBytes("tenants/acme/tenant.yaml", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ManifestText.Tenant("acme"))]);

        var set = ManifestLoader.LoadTree(tree.Root);

        ErrorAssert.None(set.Errors);
        Assert.Equal("acme", Assert.Single(set.Manifests).Name);
        Assert.False(ManifestTreeReader.Read(tree.Root, LoadLimits.Default).Files[0].Text.StartsWith('\uFEFF'));
    }

    [Fact]
    public void Read_ShowsNestedFiles_UnderTheRootAsGiven()
    {
        tree.Write("top.yaml", "a: 1\n");
        tree.Write("tenants/acme/web.yaml", "b: 1\n");
        var relativeRoot = Path.GetRelativePath(Environment.CurrentDirectory, tree.Root);

        var (files, _) = ManifestTreeReader.Read(relativeRoot, LoadLimits.Default);

        Assert.Equal([Path.Combine(relativeRoot, "top.yaml"), Path.Combine(relativeRoot, "tenants", "acme", "web.yaml")],
            files.Select(f => f.DisplayPath));
    }
}
