using System.Text;
using VmCloud.Core.Manifests;
using VmCloud.Engine.GitSync;
using VmCloud.Tests;

namespace VmCloud.Engine.Tests.GitSync;

/// <summary>The commit reader over real commits fetched from a real remote, and its agreement with the directory reader.</summary>
public sealed class CommitTreeReaderRepositoryTests : IAsyncLifetime
{
    private readonly string scratch = Directory.CreateTempSubdirectory("vmcloud-gittree-").FullName;
    private readonly GitAccessPolicy policy = GitAccessPolicy.Default with { AllowedSchemes = ["git"], Timeout = TimeSpan.FromSeconds(30) };
    private GitDaemon daemon = null!;
    private GitWorkTree work = null!;

    public async Task InitializeAsync()
    {
        daemon = await GitDaemon.StartAsync();
        work = daemon.CreateWorkTree("fleet");
    }

    public Task DisposeAsync()
    {
        work.Dispose();
        daemon.Dispose();
        Directory.Delete(scratch, recursive: true);
        return Task.CompletedTask;
    }

    // Pushes what the work tree holds, fetches it into a mirror and reads the commit.
    private async Task<(IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors)> PushAndReadAsync(string? directory = null, LoadLimits? limits = null)
    {
        work.CommitAndPush("tree under test");
        var remote = GitRemote.Parse($"git:{work.RemoteUrl}#main", policy).Remote!;
        var git = await GitCli.OpenMirrorAsync(Path.Combine(scratch, "mirror"), remote, policy, CancellationToken.None);
        var commit = await git.FetchAsync("main", CancellationToken.None);
        return await CommitTreeReader.ReadAsync(git, commit, directory, limits ?? LoadLimits.Default, CancellationToken.None);
    }

    [Fact]
    public async Task Read_ReadsANormalTree_WithPathsInsideTheRepository()
    {
        work.Write("tenants/acme/tenant.yaml", "kind: Tenant\n");
        work.Write("tenants/acme/web.yaml", "kind: VirtualServer\n");
        work.Write("README.md", "# fleet\n");
        work.Write(".github/workflows/ci.yml", "on: push\n");

        var (files, errors) = await PushAndReadAsync();

        Assert.Empty(errors);
        Assert.Equal(
            [("tenants/acme/tenant.yaml", "tenants/acme/tenant.yaml", "kind: Tenant\n"), ("tenants/acme/web.yaml", "tenants/acme/web.yaml", "kind: VirtualServer\n")],
            files.Select(f => (f.DisplayPath, f.RelativePath, f.Text)));
    }

    [Fact]
    public async Task Read_RefusesACommittedLinkLeavingTheRepository()
    {
        work.Write("tenants/acme/tenant.yaml", "kind: Tenant\n");
        work.Symlink("tenants/acme/web.yaml", "../../../etc/passwd.yaml");

        var (files, errors) = await PushAndReadAsync();

        var error = Assert.Single(errors);
        Assert.Equal(("tenants/acme/web.yaml:1:1", "symbolic link leads outside the tree (to ../../../etc/passwd.yaml); manifests must live inside it"),
            (error.At.ToString(), error.Message));
        Assert.Equal("tenants/acme/tenant.yaml", Assert.Single(files).RelativePath);
    }

    [Fact]
    public async Task Read_RefusesASubmodule()
    {
        work.Write("a.yaml", "a: 1\n");
        work.AddSubmoduleEntry("vendor/fleet", work.Commit("to point the submodule at"));

        var (_, errors) = await PushAndReadAsync();

        Assert.Equal("vendor/fleet:1:1: submodules are not followed; commit the manifests themselves", Assert.Single(errors).ToString());
    }

    [Fact]
    public async Task Read_FollowsALinkInsideTheDirectory_UnlessThePolicyRefusesLinks()
    {
        work.Write("deploy/base/web.yaml", "w: 1\n");
        work.Symlink("deploy/tenants/acme/web.yaml", "../../base/web.yaml");

        var (files, errors) = await PushAndReadAsync("deploy");
        var (_, refused) = await PushAndReadAsync("deploy", LoadLimits.Default with { FollowSymlinks = false });

        Assert.Empty(errors);
        Assert.Equal(["base/web.yaml", "tenants/acme/web.yaml"], files.Select(f => f.RelativePath));
        Assert.Equal("w: 1\n", files[1].Text);
        Assert.Equal("deploy/tenants/acme/web.yaml:1:1: symbolic links are not allowed here by policy; commit the file itself", Assert.Single(refused).ToString());
    }

    [Fact]
    public async Task Read_AcceptsAndRefusesWhatTheDirectoryReaderDoes_WithTheSameMessages()
    {
        work.Write("a.yaml", "a: 1\n");
        work.Write("sub/z.yaml", "z: 1\n");
        work.Write("sub/b.YML", "b: 1\n");
        work.Write("tenants/acme/web.yaml", "w: 1\n");
        work.Write(".hidden.yaml", "h: 1\n");
        work.Write("notes.txt", "n: 1\n");
        work.WriteBytes("bom.yaml", [.. Encoding.UTF8.GetPreamble(), .. "bom: 1\n"u8]);
        work.WriteBytes("binary.yaml", [.. "x: 1\n"u8, 0, 1]);
        work.WriteBytes("utf16.yaml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("a: 1\n")]);
        work.WriteBytes("latin1.yaml", [.. "a: 1\nname: caf"u8, 0xE9, .. "\n"u8]);
        work.Write("big.yaml", new string('x', 3000));
        work.Symlink("linked.yaml", "sub/z.yaml");
        work.Symlink("outside.yaml", "/etc/passwd");
        work.Symlink("broken.yaml", "nowhere.yaml");
        work.Symlink("folder", "sub");
        var limits = LoadLimits.Default with { MaxFileBytes = 2048 };

        var fromGit = await PushAndReadAsync(limits: limits);
        var fromDisk = ManifestTreeReader.Read(work.Root, limits);

        Assert.Equal(Describe(fromDisk, work.Root + "/"), Describe(fromGit, ""));
        Assert.Equal(7, fromGit.Errors.Count);
    }

    // One line per file and per error, the errors' files under the root, so a difference shows at a glance.
    private static string Describe((IReadOnlyList<SourceFile> Files, IReadOnlyList<ManifestError> Errors) read, string root) =>
        string.Join('\n', read.Files.Select(f => $"{f.RelativePath} = {f.Text.TrimEnd()}")
            .Concat(read.Errors.Select(e => $"{e.At.File[root.Length..]}:{e.At.Line}: {e.Message}")));
}
