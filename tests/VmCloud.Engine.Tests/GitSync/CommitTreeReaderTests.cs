using System.Text;
using VmCloud.Core.Manifests;
using VmCloud.Engine.GitSync;

namespace VmCloud.Engine.Tests.GitSync;

/// <summary>What a commit's tree may hold, hostile or not, and what the reader makes of it — over a fake listing.</summary>
public sealed class CommitTreeReaderTests
{
    private const string Ok = "kind: Tenant\n";

    private sealed record HostileCase(Action<FakeGitClient> Build, string File, string Message, LoadLimits? Limits = null, string? Directory = null, int Line = 1);

    private static readonly LoadLimits NoLinks = LoadLimits.Default with { FollowSymlinks = false };

    private static readonly Dictionary<string, HostileCase> Cases = new()
    {
        ["link leaving the repository"] = new(t => t.File("ok.yaml", Ok).Link("tenants/web.yaml", "../../etc/passwd.yaml"),
            "tenants/web.yaml", "symbolic link leads outside the tree (to ../../etc/passwd.yaml); manifests must live inside it"),
        ["link to an absolute path"] = new(t => t.Link("web.yaml", "/etc/passwd"),
            "web.yaml", "symbolic link leads outside the tree (to /etc/passwd)"),
        ["link leaving the directory read"] = new(t => t.File("secrets/key.yaml", Ok).Link("tenants/web.yaml", "../secrets/key.yaml"),
            "tenants/web.yaml", "symbolic link leads outside the tree (to ../secrets/key.yaml)", Directory: "tenants"),
        ["link into .git"] = new(t => t.Link("web.yaml", "sub/../.git/config"),
            "web.yaml", "symbolic link leads outside the tree (to sub/../.git/config)"),
        ["link refused by policy"] = new(t => t.File("a.yaml", Ok).Link("b.yaml", "a.yaml"),
            "b.yaml", "symbolic links are not allowed here by policy; commit the file itself", NoLinks),
        ["link to a link"] = new(t => t.File("a.yaml", Ok).Link("b.yaml", "a.yaml").Link("c.yaml", "b.yaml"),
            "c.yaml", "symbolic link to another symbolic link (to b.yaml); link to the file itself"),
        ["link to a folder"] = new(t => t.File("sub/a.yaml", Ok).Link("all.yaml", "sub"),
            "all.yaml", "symbolic links to directories are not followed; move the manifests into the tree"),
        ["link to a folder, not named as a manifest"] = new(t => t.File("sub/a.yaml", Ok).Link("more", "./sub/"),
            "more", "symbolic links to directories are not followed; move the manifests into the tree"),
        ["broken link"] = new(t => t.Link("web.yaml", "nowhere.yaml"), "web.yaml", "broken symbolic link to nowhere.yaml"),
        ["link target that is not text"] = new(t => t.Entry("web.yaml", GitTreeEntry.SymlinkMode, 3, [0x61, 0x00, 0x62]),
            "web.yaml", "broken symbolic link to a target that is not a path"),
        ["dot-dot path"] = new(t => t.File("../x.yaml", Ok), "../x.yaml", "path outside the tree: it has a '..' component"),
        ["dot-dot inside a path"] = new(t => t.File("tenants/../../x.yaml", Ok), "tenants/../../x.yaml", "it has a '..' component", Directory: "tenants"),
        ["dot path"] = new(t => t.File("./x.yaml", Ok), "./x.yaml", "it has a '.' component"),
        ["empty component"] = new(t => t.File("a//x.yaml", Ok), "a//x.yaml", "it has an empty component"),
        ["absolute path"] = new(t => t.File("/etc/x.yaml", Ok), "/etc/x.yaml", "path outside the tree: it is absolute"),
        [".git component"] = new(t => t.File(".git/x.yaml", Ok), ".git/x.yaml", "path outside the tree: it has a .git component"),
        [".GIT component, any case"] = new(t => t.File("sub/.GIT/hooks.yaml", Ok), "sub/.GIT/hooks.yaml", "it has a .git component"),
        ["control character"] = new(t => t.File("a\nb.yaml", Ok), "a?b.yaml", "path outside the tree: it holds a control character"),
        ["name that is not UTF-8"] = new(t => t.File("caf\uFFFD.yaml", Ok), "caf\uFFFD.yaml", "it is not valid UTF-8"),
        ["file over the cap"] = new(t => t.File("big.yaml", new string('x', 2049)),
            "big.yaml", "file is larger than the cap of 2 KiB; split it into smaller files", LoadLimits.Default with { MaxFileBytes = 2048 }),
        ["too many files"] = new(t => t.File("a.yaml", Ok).File("b.yaml", Ok).File("c.yaml", Ok),
            "c.yaml", "more than 2 manifest files in the tree; split the repository or raise the cap", LoadLimits.Default with { MaxFiles = 2 }),
        ["tree over the cap"] = new(t => t.File("a.yaml", new string('a', 1500)).File("b.yaml", new string('b', 1500)),
            "b.yaml", "the tree holds more than 2 KiB of manifests; split the repository or raise the cap", LoadLimits.Default with { MaxTreeBytes = 2048 }),
        ["submodule"] = new(t => t.Submodule("vendor/fleet"), "vendor/fleet", "submodules are not followed; commit the manifests themselves"),
        ["binary"] = new(t => t.File("blob.yaml", [.. "x: 1\n"u8, 0, 1]), "blob.yaml", "binary file (a NUL byte at offset 5); only YAML text manifests belong here"),
        ["UTF-16"] = new(t => t.File("utf16.yaml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("a: 1\n")]),
            "utf16.yaml", "the file is UTF-16; save it as UTF-8"),
        ["not UTF-8"] = new(t => t.File("latin1.yaml", [.. "a: 1\nname: caf"u8, 0xE9, .. "\n"u8]),
            "latin1.yaml", "the file is not valid UTF-8; save it as UTF-8", Line: 2),
        ["not a file"] = new(t => t.Entry("odd.yaml", "040000", 0, []), "odd.yaml", "not a regular file; manifests must be plain files"),
        ["path listed twice"] = new(t => t.File("a.yaml", Ok).File("a.yaml", "kind: Other\n"), "a.yaml", "the tree lists this path twice"),
        ["missing directory"] = new(t => t.File("a.yaml", Ok), "tenants", "no such file or directory", Directory: "tenants"),
        ["directory leaving the repository"] = new(t => t.File("a.yaml", Ok), "../etc", "the directory is not a path inside the repository: it has a '..' component", Directory: "../etc"),
    };

    public static TheoryData<string> HostileCases => [.. Cases.Keys];

    private static Task<(IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors)> ReadAsync(
        FakeGitClient git, string? directory = null, LoadLimits? limits = null) =>
        CommitTreeReader.ReadAsync(git, FakeGitClient.Commit, directory, limits ?? LoadLimits.Default, CancellationToken.None);

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task Read_RefusesTheEntry_AtItsPath_SayingWhy(string name)
    {
        var test = Cases[name];
        var git = new FakeGitClient();
        test.Build(git);

        var (_, errors) = await ReadAsync(git, test.Directory, test.Limits);

        var error = Assert.Single(errors);
        Assert.Equal(new SourceMark(test.File, test.Line, 1), error.At);
        Assert.Contains(test.Message, error.Message);
    }

    [Fact]
    public async Task Read_ReadsManifestsUnderTheDirectory_WithRepositoryDisplayPaths()
    {
        var git = new FakeGitClient()
            .File("README.md", "# fleet\n")
            .File("deploy/tenants/acme/web.yaml", "w: 1\n")
            .File("deploy/tenants/acme/tenant.yml", "t: 1\n")
            .File("deploy/notes.txt", "x: 1\n")
            .File("deploy/.github/workflows/ci.yml", "x: 1\n")
            .File("deploy/.hidden.yaml", "x: 1\n")
            .File("other/x.yaml", "x: 1\n");

        var (files, errors) = await ReadAsync(git, "deploy/");

        Assert.Empty(errors);
        Assert.Equal(["deploy/tenants/acme/tenant.yml", "deploy/tenants/acme/web.yaml"], files.Select(f => f.DisplayPath));
        Assert.Equal(["tenants/acme/tenant.yml", "tenants/acme/web.yaml"], files.Select(f => f.RelativePath));
        Assert.Equal(["t: 1\n", "w: 1\n"], files.Select(f => f.Text));
        Assert.Equal(1, git.ReadCalls);
    }

    [Fact]
    public async Task Read_VisitsFilesInTheDirectoryReadersOrder_FilesOfAFolderBeforeItsSubfolders()
    {
        var git = new FakeGitClient()
            .File("a/x.yaml", "1\n").File("a.yaml", "2\n").File("b.yaml", "3\n").File("a/b/y.yaml", "4\n").File("a/z.yaml", "5\n").File("A.yml", "6\n");

        var (files, _) = await ReadAsync(git);

        Assert.Equal(["A.yml", "a.yaml", "b.yaml", "a/x.yaml", "a/z.yaml", "a/b/y.yaml"], files.Select(f => f.RelativePath));
    }

    [Fact]
    public async Task Read_FollowsALinkInsideTheTree_ShowingTheLinksPath()
    {
        var git = new FakeGitClient().File("base/web.yaml", "w: 1\n").Link("tenants/acme/web.yaml", "../../base/./web.yaml");

        var (files, errors) = await ReadAsync(git);

        Assert.Empty(errors);
        var linked = Assert.Single(files, f => f.DisplayPath == "tenants/acme/web.yaml");
        Assert.Equal(("tenants/acme/web.yaml", "w: 1\n"), (linked.RelativePath, linked.Text));
    }

    [Fact]
    public async Task Read_NeverReadsARefusedFile()
    {
        var git = new FakeGitClient()
            .File("big.yaml", new string('x', 4096))
            .Link("out.yaml", "../../secret.yaml")
            .File("../x.yaml", "kind: Escaped\n")
            .File("ok.yaml", Ok);

        var (files, errors) = await ReadAsync(git, limits: LoadLimits.Default with { MaxFileBytes = 1024 });

        Assert.Equal(3, errors.Count);
        Assert.Equal("ok.yaml", Assert.Single(files).RelativePath);
        Assert.DoesNotContain(git.IdOf("big.yaml"), git.BlobsRead);
        Assert.DoesNotContain(git.IdOf("../x.yaml"), git.BlobsRead);
    }

    [Fact]
    public async Task Read_RefusesFromTheListedSize_AndAgainFromTheBlob_WhenTheListingLies()
    {
        var git = new FakeGitClient().Entry("small.yaml", "100644", 10, Encoding.UTF8.GetBytes(new string('x', 5000)));

        var (files, errors) = await ReadAsync(git, limits: LoadLimits.Default with { MaxFileBytes = 1024 });

        Assert.Empty(files);
        Assert.Contains("larger than the cap of 1 KiB", Assert.Single(errors).Message);
    }

    [Fact]
    public async Task Read_StopsAtTheCaps_CountingLinksAsTheDirectoryReaderDoes()
    {
        var git = new FakeGitClient().File("a.yaml", Ok).File("b.yaml", Ok).Link("c.yaml", "nowhere.yaml").File("d.yaml", Ok);

        var (files, errors) = await ReadAsync(git, limits: LoadLimits.Default with { MaxFiles = 2 });

        Assert.Equal(["a.yaml", "b.yaml"], files.Select(f => f.RelativePath));
        Assert.Equal(new SourceMark("c.yaml", 1, 1), Assert.Single(errors).At);
    }

    [Fact]
    public async Task Read_SkipsSubmodulesInHiddenFolders_AndNonManifestFiles()
    {
        var git = new FakeGitClient().Submodule(".vendor/fleet").File("Makefile", "all:\n").File("ok.yaml", Ok);

        var (files, errors) = await ReadAsync(git);

        Assert.Empty(errors);
        Assert.Single(files);
    }

    [Fact]
    public async Task Read_ReadsASingleFile_GivenAsTheDirectory()
    {
        var git = new FakeGitClient().File("tenants/acme/web.yaml", "w: 1\n");

        var (files, errors) = await ReadAsync(git, "tenants/acme/web.yaml");

        Assert.Empty(errors);
        var file = Assert.Single(files);
        Assert.Equal(("tenants/acme/web.yaml", "web.yaml"), (file.DisplayPath, file.RelativePath));
    }

    [Fact]
    public async Task Read_DropsAUtf8Bom()
    {
        var git = new FakeGitClient().File("a.yaml", [.. Encoding.UTF8.GetPreamble(), .. "a: 1\n"u8]);

        var (files, _) = await ReadAsync(git);

        Assert.Equal("a: 1\n", Assert.Single(files).Text);
    }
}
