using VmCloud.Engine.GitSync;
using VmCloud.Tests;

namespace VmCloud.Engine.Tests.GitSync;

/// <summary>The mirror's life (created, reopened, repaired after a kill) and reading a repository's objects.</summary>
public sealed class GitCliRepositoryTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("vmcloud-gitrepo-").FullName;
    private readonly string bare;
    private readonly GitWorkTree work;
    private readonly GitRemote remote;
    private readonly GitAccessPolicy policy = GitAccessPolicy.Default;

    public GitCliRepositoryTests()
    {
        bare = Path.Combine(scratch, "remote.git");
        GitCommandLine.Run(scratch, null, "init", "--bare", "-q", bare);
        work = new GitWorkTree("file://" + bare);
        remote = GitRemote.Parse($"git:file://{bare}#main", policy).Remote!;
    }

    public void Dispose()
    {
        work.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    private string MirrorPath => Path.Combine(scratch, "mirrors", "fleet");

    private Task<GitCli> OpenAsync(GitAccessPolicy? with = null) => GitCli.OpenMirrorAsync(MirrorPath, remote, with ?? policy, CancellationToken.None);

    [Fact]
    public async Task OpenMirror_CreatesABareRepository_AndReopensIt_KeepingWhatWasFetched()
    {
        work.Write("a.yaml", "a: 1\n");
        var pushed = work.CommitAndPush("first");
        await (await OpenAsync()).FetchAsync("main", CancellationToken.None);

        var reopened = await OpenAsync();

        Assert.Equal("true", GitCommandLine.Run(scratch, null, "--git-dir=" + MirrorPath, "rev-parse", "--is-bare-repository"));
        Assert.Equal(pushed, await reopened.ResolveCommitAsync(GitCli.LocalRefPrefix + "heads/main", CancellationToken.None));
    }

    [Fact]
    public async Task OpenMirror_RecreatesAMirrorLeftBrokenByAKill()
    {
        Directory.CreateDirectory(Path.Combine(MirrorPath, "objects"));
        File.WriteAllText(Path.Combine(MirrorPath, "HEAD"), "garbage");
        Directory.CreateDirectory(MirrorPath + ".init-0badf00d");
        work.Write("a.yaml", "a: 1\n");
        var pushed = work.CommitAndPush("first");

        var git = await OpenAsync();

        Assert.Equal(pushed, await git.FetchAsync("main", CancellationToken.None));
        Assert.False(Directory.Exists(MirrorPath + ".init-0badf00d"));
    }

    [Fact]
    public async Task Fetch_Succeeds_AfterAKilledFetchLeftItsLocks()
    {
        work.Write("a.yaml", "a: 1\n");
        work.CommitAndPush("first");
        await (await OpenAsync()).FetchAsync("main", CancellationToken.None);
        File.WriteAllText(Path.Combine(MirrorPath, "refs", "vmcloud", "heads", "main.lock"), "");
        File.WriteAllText(Path.Combine(MirrorPath, "packed-refs.lock"), "");
        work.Write("a.yaml", "a: 2\n");
        var second = work.CommitAndPush("second");

        var git = await OpenAsync();

        Assert.Equal(second, await git.FetchAsync("main", CancellationToken.None));
    }

    [Fact]
    public async Task OpenMirror_LeavesAFolderHoldingSomethingElse_AndSaysSo()
    {
        Directory.CreateDirectory(MirrorPath);
        File.WriteAllText(Path.Combine(MirrorPath, "notes.txt"), "mine");

        var error = await Assert.ThrowsAsync<GitException>(() => OpenAsync());

        Assert.Equal($"{MirrorPath} exists and is not a Git mirror; remove it or choose another folder", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(MirrorPath, "notes.txt")));
    }

    [Fact]
    public async Task OpenMirror_RefusesARemoteThePolicyForbids_BeforeCreatingAnything()
    {
        var error = await Assert.ThrowsAsync<GitException>(() => OpenAsync(policy with { AllowedSchemes = ["https"] }));

        Assert.Contains("not allowed by the Git access policy", error.Message);
        Assert.False(Directory.Exists(Path.GetDirectoryName(MirrorPath)));
    }

    [Fact]
    public async Task OpenMirror_RefusesSshWithoutKnownHosts_BeforeCreatingAnything()
    {
        var ssh = GitRemote.Parse("git:git@github.com:acme/fleet.git", policy).Remote!;

        var error = await Assert.ThrowsAsync<GitException>(() => GitCli.OpenMirrorAsync(MirrorPath, ssh, policy, CancellationToken.None));

        Assert.Equal("git@github.com:acme/fleet.git#main: ssh remotes need a known_hosts file to check the server's key (--git-known-hosts FILE)", error.Message);
        Assert.False(Directory.Exists(MirrorPath));
    }

    [Fact]
    public async Task OpenLocal_ReadsAClone_ButNeverFetches()
    {
        work.Write("tenants/acme/web.yaml", "w: 1\n");
        var commit = work.Commit("local only");
        var git = GitCli.OpenLocal(work.Root);

        Assert.Equal(commit, await git.ResolveCommitAsync("HEAD", CancellationToken.None));
        Assert.Equal(commit, await git.ResolveCommitAsync("main", CancellationToken.None));
        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));
        Assert.Contains("is a local repository", error.Message);
    }

    [Fact]
    public async Task DescribeCommit_GivesAuthorDateAndSubject()
    {
        var commit = work.Commit("Add the acme tenant\n\nWith a body that is not shown.");

        var info = await GitCli.OpenLocal(work.Root).DescribeCommitAsync(commit, CancellationToken.None);

        Assert.Equal(new GitCommitInfo(commit, "Ada Tester <ada@example.com>", info.Date, "Add the acme tenant"), info);
        Assert.Equal(2025, info.Date.Year);
    }

    [Fact]
    public async Task ListTree_GivesModesAndSizes_OfFilesLinksAndSubmodules_WithPathsAsWritten()
    {
        work.Write("tenants/café déjà/web.yaml", "w: 1\n");
        work.Symlink("link.yaml", "tenants/café déjà/web.yaml");
        work.AddSubmoduleEntry("vendor/sub", "0123456789abcdef0123456789abcdef01234567");
        var commit = work.Commit("mixed");

        var entries = await GitCli.OpenLocal(work.Root).ListTreeAsync(commit, CancellationToken.None);

        Assert.Equal(
            [("link.yaml", GitTreeEntry.SymlinkMode, (long)System.Text.Encoding.UTF8.GetByteCount("tenants/café déjà/web.yaml")), ("tenants/café déjà/web.yaml", "100644", 5L), ("vendor/sub", GitTreeEntry.SubmoduleMode, -1L)],
            entries.Select(e => (e.Path, e.Mode, e.Size)));
    }

    [Fact]
    public async Task ReadBlobs_ReadsManyInOrder_AndFailsForAMissingObject()
    {
        work.Write("a.yaml", "a: 1\n");
        work.WriteBytes("b.bin", [0, 1, 2, 10, 255]);
        var commit = work.Commit("blobs");
        var git = GitCli.OpenLocal(work.Root);
        var ids = (await git.ListTreeAsync(commit, CancellationToken.None)).Select(e => e.ObjectId).ToList();

        var blobs = await git.ReadBlobsAsync([ids[1], ids[0], ids[1]], CancellationToken.None);
        var missing = await Assert.ThrowsAsync<GitException>(() => git.ReadBlobsAsync([ids[0], new string('0', 40)], CancellationToken.None));

        Assert.Equal([[0, 1, 2, 10, 255], "a: 1\n"u8.ToArray(), [0, 1, 2, 10, 255]], blobs);
        Assert.Equal($"reading object {new string('0', 40)}: it is missing in the repository", missing.Message);
    }

    [Theory]
    [InlineData("--output=/tmp/vmcloud-injected")]
    [InlineData("nope")]
    [InlineData("HEAD:a.yaml")]
    public async Task ResolveCommit_SaysNoSuchCommit_ForAnythingButACommit(string revision)
    {
        work.Write("a.yaml", "a: 1\n");
        work.Commit("first");

        var error = await Assert.ThrowsAsync<GitException>(() => GitCli.OpenLocal(work.Root).ResolveCommitAsync(revision, CancellationToken.None));

        Assert.EndsWith(": no such commit", error.Message);
        Assert.False(File.Exists("/tmp/vmcloud-injected"));
    }

    [Fact]
    public async Task ReadBlobs_RefusesSomethingThatIsNotAnObjectId()
    {
        var error = await Assert.ThrowsAsync<GitException>(() => GitCli.OpenLocal(work.Root).ReadBlobsAsync(["HEAD:a.yaml"], CancellationToken.None));

        Assert.Contains("'HEAD:a.yaml' is not a full object id", error.Message);
    }
}
