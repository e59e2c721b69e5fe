using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VmCloud.Engine.GitSync;
using VmCloud.Tests;

namespace VmCloud.Engine.Tests.GitSync;

/// <summary>Fetching from a real remote (git daemon, file://): what is followed, and how failures read.</summary>
public sealed class GitCliFetchTests : IAsyncLifetime
{
    private readonly string scratch = Directory.CreateTempSubdirectory("vmcloud-gitcli-").FullName;
    private readonly GitAccessPolicy policy = GitAccessPolicy.Default with { AllowedSchemes = ["git", "file"], Timeout = TimeSpan.FromSeconds(30) };
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

    private Task<GitCli> MirrorAsync(string url, GitAccessPolicy? with = null)
    {
        var (remote, error) = GitRemote.Parse($"git:{url}#main", with ?? policy);
        Assert.Null(error);
        return GitCli.OpenMirrorAsync(Path.Combine(scratch, "mirror"), remote!, with ?? policy, CancellationToken.None);
    }

    [Fact]
    public async Task Fetch_ReturnsThePushedCommit_AndItsFilesCanBeRead()
    {
        work.Write("tenants/acme/web.yaml", "kind: VirtualServer\n");
        var pushed = work.CommitAndPush("add web");
        var git = await MirrorAsync(work.RemoteUrl);

        var fetched = await git.FetchAsync("main", CancellationToken.None);

        Assert.Equal(pushed, fetched);
        var entry = Assert.Single(await git.ListTreeAsync(fetched, CancellationToken.None));
        Assert.Equal(("tenants/acme/web.yaml", "100644", 20L), (entry.Path, entry.Mode, entry.Size));
        Assert.Equal("kind: VirtualServer\n"u8.ToArray(), Assert.Single(await git.ReadBlobsAsync([entry.ObjectId], CancellationToken.None)));
    }

    [Fact]
    public async Task Fetch_FollowsTheNextCommit()
    {
        work.Write("a.yaml", "a: 1\n");
        work.CommitAndPush("first");
        var git = await MirrorAsync(work.RemoteUrl);
        await git.FetchAsync("main", CancellationToken.None);
        work.Write("a.yaml", "a: 2\n");
        var second = work.CommitAndPush("second");

        Assert.Equal(second, await git.FetchAsync("main", CancellationToken.None));
    }

    [Fact]
    public async Task Fetch_FollowsAForcePushThatRewritesHistory()
    {
        work.Write("a.yaml", "a: 1\n");
        var first = work.CommitAndPush("first");
        work.Write("a.yaml", "a: 2\n");
        var dropped = work.CommitAndPush("second, to be rewritten");
        var git = await MirrorAsync(work.RemoteUrl);
        Assert.Equal(dropped, await git.FetchAsync("main", CancellationToken.None));
        work.Write("a.yaml", "a: 3\n");

        var rewritten = work.ForcePush("HEAD~1", "second, rewritten");

        Assert.NotEqual(dropped, rewritten);
        Assert.Equal(rewritten, await git.FetchAsync("main", CancellationToken.None));
        Assert.Equal(first, await git.ResolveCommitAsync(rewritten + "~1", CancellationToken.None));
    }

    [Fact]
    public async Task Fetch_FollowsARevert()
    {
        work.Write("a.yaml", "a: 1\n");
        work.CommitAndPush("first");
        work.Write("b.yaml", "b: 1\n");
        work.CommitAndPush("add b");
        var git = await MirrorAsync(work.RemoteUrl);
        await git.FetchAsync("main", CancellationToken.None);

        var revert = work.Revert();

        Assert.Equal(revert, await git.FetchAsync("main", CancellationToken.None));
        Assert.Equal(["a.yaml"], (await git.ListTreeAsync(revert, CancellationToken.None)).Select(e => e.Path));
    }

    [Fact]
    public async Task Fetch_FetchesAPullRequestRef_WithoutMovingTheBranch()
    {
        work.Write("a.yaml", "a: 1\n");
        var main = work.CommitAndPush("first");
        work.Write("a.yaml", "a: 2\n");
        var proposed = work.Commit("proposed change");
        work.PushRef(proposed, "refs/pull/7/head");
        var git = await MirrorAsync(work.RemoteUrl);

        Assert.Equal(proposed, await git.FetchAsync("refs/pull/7/head", CancellationToken.None));
        Assert.Equal(main, await git.FetchAsync("main", CancellationToken.None));
        Assert.Equal(proposed, await git.ResolveCommitAsync("refs/vmcloud/pull/7/head", CancellationToken.None));
    }

    [Fact]
    public async Task Fetch_ReadsAFileRemote()
    {
        work.Write("a.yaml", "a: 1\n");
        var pushed = work.CommitAndPush("first");
        var git = await MirrorAsync("file://" + daemon.RepositoryPath("fleet"));

        Assert.Equal(pushed, await git.FetchAsync("main", CancellationToken.None));
    }

    [Fact]
    public async Task Fetch_FailsClearly_ForABranchTheRemoteLacks()
    {
        work.CommitAndPush("first");
        var git = await MirrorAsync(work.RemoteUrl);

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("nope", CancellationToken.None));

        Assert.Equal($"fetching {work.RemoteUrl}#nope: couldn't find remote ref refs/heads/nope", error.Message);
    }

    [Fact]
    public async Task Fetch_RefusesAnInvalidRefName_BeforeRunningGit()
    {
        var git = await MirrorAsync(work.RemoteUrl);

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("--upload-pack=touch", CancellationToken.None));

        Assert.Contains("starts with '-'", error.Message);
    }

    [Fact]
    public async Task Fetch_FailsFast_NamingTheRemote_WhenNothingListens()
    {
        var url = $"git://127.0.0.1:{ClosedPort()}/fleet.git";
        var git = await MirrorAsync(url);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));

        Assert.StartsWith($"fetching {url}#main: unable to connect to 127.0.0.1", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Fetch_TimesOut_AndKillsGit_WhenTheRemoteNeverAnswers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"git://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/fleet.git";
        var git = await MirrorAsync(url, policy with { Timeout = TimeSpan.FromSeconds(2) });
        var fetch = git.FetchAsync("main", CancellationToken.None);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var error = await Assert.ThrowsAsync<GitException>(() => fetch.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal($"fetching {url}#main: timed out after 2 s; git was stopped", error.Message);
        // git is gone once its end of the connection closes: the read sees the end of the stream.
        var buffer = new byte[4096];
        var stream = connection.GetStream();
        while (await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) > 0)
        {
            // Drain what git sent before it was killed.
        }
    }

    [Fact]
    public async Task Fetch_RefusesACommitWhoseTreeHoldsDotDot()
    {
        var blob = work.GitWithInput("x: 1\n", "hash-object", "-w", "--stdin");
        var tree = work.GitWithInput($"100644 blob {blob}\t..\n", "mktree");
        var commit = work.Git("commit-tree", "-m", "hostile", tree);
        work.PushRef(commit, "refs/heads/main");
        var git = await MirrorAsync(work.RemoteUrl);

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));

        Assert.Contains("hasDotdot", error.Message);
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
