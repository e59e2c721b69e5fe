using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>Symbolic links and special files: nothing outside the tree is read, nothing blocks.</summary>
public sealed class ManifestTreeLinkTests : IDisposable
{
    private readonly TempTree tree = new();
    private readonly TempTree outside = new();

    public ManifestTreeLinkTests()
    {
        tree.Write("a.yaml", "inside: 1\n");
        outside.Write("secret.yaml", "secret: 1\n");
    }

    public void Dispose()
    {
        tree.Dispose();
        outside.Dispose();
    }

    private (IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors) Read(bool followSymlinks = true) =>
        ManifestTreeReader.Read(tree.Root, LoadLimits.Default with { FollowSymlinks = followSymlinks });

    [Fact]
    public void Read_FollowsALinkInsideTheTree_ShownAtTheLink()
    {
        var link = tree.Link("b.yaml", "a.yaml");

        var (files, errors) = Read();

        ErrorAssert.None(errors);
        var linked = Assert.Single(files, f => f.RelativePath == "b.yaml");
        Assert.Equal((link, "inside: 1\n"), (linked.DisplayPath, linked.Text));
    }

    [Fact]
    public void Read_FollowsALinkToAnotherFolderOfTheTree()
    {
        tree.Write("shared/base.yaml", "base: 1\n");
        tree.Link("tenants/acme/base.yaml", "../../shared/base.yaml");

        var (files, errors) = Read();

        ErrorAssert.None(errors);
        Assert.Equal("base: 1\n", Assert.Single(files, f => f.RelativePath == "tenants/acme/base.yaml").Text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_RefusesALinkLeavingTheTree(bool viaRelativeTarget)
    {
        var target = outside.PathOf("secret.yaml");
        var written = viaRelativeTarget ? Path.GetRelativePath(tree.Root, target) : target;
        var link = tree.Link("sneaky.yaml", written);

        var (files, errors) = Read();

        Assert.DoesNotContain(files, f => f.Text.Contains("secret", StringComparison.Ordinal));
        ErrorAssert.Single(errors, link, 1, 1, $"symbolic link leads outside the tree (to {written}); manifests must live inside it");
    }

    [Fact]
    public void Read_RefusesALinkToASiblingFolderWhoseNameStartsLikeTheRoot()
    {
        var sibling = tree.Root + "-evil";
        Directory.CreateDirectory(sibling);
        try
        {
            File.WriteAllText(Path.Combine(sibling, "x.yaml"), "secret: 1\n");
            var link = tree.Link("x.yaml", Path.Combine(sibling, "x.yaml"));

            ErrorAssert.Single(Read().Errors, link, 1, 1, "symbolic link leads outside the tree");
        }
        finally
        {
            Directory.Delete(sibling, recursive: true);
        }
    }

    [Fact]
    public void Read_RefusesALinkLeavingTheTree_ThroughALinkedDirectory()
    {
        tree.Link("in", outside.Root, directory: true);
        var link = tree.Link("sneaky.yaml", "in/secret.yaml");

        var (files, errors) = Read();

        Assert.DoesNotContain(files, f => f.Text.Contains("secret", StringComparison.Ordinal));
        ErrorAssert.Contains(errors, link, 1, 1, "symbolic link leads outside the tree");
    }

    [Fact]
    public void Read_DoesNotWalkALinkedDirectory_AndSaysSo()
    {
        var link = tree.Link("shared", outside.Root, directory: true);

        var (files, errors) = Read();

        Assert.Equal(["a.yaml"], files.Select(f => f.RelativePath));
        ErrorAssert.Single(errors, link, 1, 1, "symbolic links to directories are not followed; move the manifests into the tree");
    }

    [Fact]
    public void Read_RefusesEveryLink_WhenFollowSymlinksIsOff()
    {
        var link = tree.Link("b.yaml", "a.yaml");

        var (files, errors) = Read(followSymlinks: false);

        Assert.Equal(["a.yaml"], files.Select(f => f.RelativePath));
        ErrorAssert.Single(errors, link, 1, 1, "symbolic links are not allowed here by policy; commit the file itself");
    }

    [Fact]
    public void Read_ReportsABrokenLink_WithItsTarget()
    {
        var link = tree.Link("broken.yaml", "missing.yaml");

        var (files, errors) = Read();

        Assert.Equal(["a.yaml"], files.Select(f => f.RelativePath));
        ErrorAssert.Single(errors, link, 1, 1, "broken symbolic link to missing.yaml");
    }

    [Fact]
    public void Read_FollowsALinkInsideTheTree_WhenTheRootIsALink()
    {
        tree.Link("b.yaml", "a.yaml");
        var root = outside.Link("current", tree.Root, directory: true);

        var (files, errors) = ManifestTreeReader.Read(root, LoadLimits.Default);

        ErrorAssert.None(errors);
        Assert.Equal(["a.yaml", "b.yaml"], files.Select(f => f.RelativePath));
    }

    [FactWithMkfifo]
    public void Read_RefusesAFifo_WithoutBlocking()
    {
        var fifo = tree.Fifo("pipe.yaml");
        Assert.NotNull(fifo);

        var reading = Task.Run(() => Read());
        var finished = reading.Wait(TimeSpan.FromSeconds(30));
        if (!finished) using (File.OpenWrite(fifo)) { } // Unblocks the reader before failing.

        Assert.True(finished, "reading a tree with a FIFO blocked");
        var (files, errors) = reading.Result;
        Assert.Equal(["a.yaml"], files.Select(f => f.RelativePath));
        ErrorAssert.Single(errors, fifo, 1, 1, "not a regular file; manifests must be plain files");
    }

    [FactWithMkfifo]
    public void Read_RefusesALinkToAFifo_WithoutBlocking()
    {
        var fifo = tree.Fifo("pipe");
        Assert.NotNull(fifo);
        var link = tree.Link("pipe.yaml", "pipe");

        var reading = Task.Run(() => Read());
        var finished = reading.Wait(TimeSpan.FromSeconds(30));
        if (!finished) using (File.OpenWrite(fifo)) { }

        Assert.True(finished, "reading a link to a FIFO blocked");
        ErrorAssert.Single(reading.Result.Errors, link, 1, 1, "not a regular file");
    }
}
