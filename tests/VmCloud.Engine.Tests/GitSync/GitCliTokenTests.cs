using System.Text;
using System.Text.Json;
using VmCloud.Engine.GitSync;
using VmCloud.Tests;

namespace VmCloud.Engine.Tests.GitSync;

/// <summary>Token authentication over smart HTTP (loopback http standing in for https), and that the token never leaks.</summary>
public sealed class GitCliTokenTests : IAsyncLifetime
{
    private readonly string scratch = Directory.CreateTempSubdirectory("vmcloud-gittoken-").FullName;
    private readonly string token = "vmc_" + Guid.NewGuid().ToString("N");
    private readonly string tokenFile;
    private GitDaemon daemon = null!;
    private GitWorkTree work = null!;
    private GitHttpServer server = null!;

    public GitCliTokenTests()
    {
        tokenFile = Path.Combine(scratch, "token");
        File.WriteAllText(tokenFile, token + "\n");
    }

    private string Basic => Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));

    // No token unless a test gives one: the variable is this test's own, and never set.
    private GitAccessPolicy Policy => GitAccessPolicy.Default with
    {
        AllowedSchemes = ["http"],
        Timeout = TimeSpan.FromSeconds(30),
        TokenVariable = "VMCLOUD_GIT_TOKEN_UNSET_" + Guid.NewGuid().ToString("N"),
    };

    public async Task InitializeAsync()
    {
        daemon = await GitDaemon.StartAsync();
        work = daemon.CreateWorkTree("fleet");
        work.Write("tenants/acme/web.yaml", "w: 1\n");
        work.CommitAndPush("first");
        server = GitHttpServer.Start(daemon.Root, token);
    }

    public Task DisposeAsync()
    {
        server.Dispose();
        work.Dispose();
        daemon.Dispose();
        Directory.Delete(scratch, recursive: true);
        return Task.CompletedTask;
    }

    private Task<GitCli> MirrorAsync(GitAccessPolicy policy, string name = "fleet")
    {
        var remote = GitRemote.Parse($"git:{server.Url(name)}#main", policy).Remote!;
        return GitCli.OpenMirrorAsync(Path.Combine(scratch, "mirror-" + Guid.NewGuid().ToString("N")), remote, policy, CancellationToken.None);
    }

    [Fact]
    public async Task Fetch_SendsTheTokenFromTheFile_AsGitHubExpectsIt()
    {
        var git = await MirrorAsync(Policy with { TokenFile = tokenFile });

        Assert.Equal(work.Head(), await git.FetchAsync("main", CancellationToken.None));
        Assert.Contains("Basic " + Basic, server.Authorizations);
    }

    [Fact]
    public async Task Fetch_ReadsTheTokenFromTheEnvironment_WhenNoFileIsGiven()
    {
        var policy = Policy;
        Environment.SetEnvironmentVariable(policy.TokenVariable, token);
        try
        {
            var git = await MirrorAsync(policy);

            Assert.Equal(work.Head(), await git.FetchAsync("main", CancellationToken.None));
        }
        finally
        {
            Environment.SetEnvironmentVariable(policy.TokenVariable, null);
        }
    }

    [Fact]
    public async Task Fetch_FailsClearly_WithoutAToken()
    {
        var git = await MirrorAsync(Policy);

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));

        Assert.StartsWith($"fetching {server.Url("fleet")}#main: the remote asks for credentials (HTTP 401); give a token with --git-token-file or $VMCLOUD_GIT_TOKEN_UNSET_", error.Message);
        Assert.Equal([null], server.Authorizations.Distinct());
    }

    [Fact]
    public async Task Fetch_FailsClearly_WithAWrongToken_WithoutShowingIt()
    {
        File.WriteAllText(tokenFile, "wrong-" + token);
        var git = await MirrorAsync(Policy with { TokenFile = tokenFile });

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));

        Assert.Equal($"fetching {server.Url("fleet")}#main: the remote refused the token (HTTP 401); check that it is valid and may read the repository", error.Message);
        Assert.DoesNotContain(token, error.Message);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:wrong-" + token)), error.Message);
    }

    [Fact]
    public async Task TheToken_IsRedacted_WhenAHostileServerMakesGitPrintIt()
    {
        var git = await MirrorAsync(Policy with { TokenFile = tokenFile });
        server.RemoteError = $"you sent {token} as {Basic} via https://x-access-token:{token}@127.0.0.1/";

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));

        Assert.Equal($"fetching {server.Url("fleet")}#main: remote error: you sent *** as *** via https://127.0.0.1/", error.Message);
    }

    [Fact]
    public async Task TheToken_NeverAppears_InWhatTheClientReturnsOrThrows()
    {
        var policy = Policy with { TokenFile = tokenFile };
        var git = await MirrorAsync(policy);
        var seen = new List<string>();

        var commit = await git.FetchAsync("main", CancellationToken.None);
        var entries = await git.ListTreeAsync(commit, CancellationToken.None);
        var blobs = await git.ReadBlobsAsync(entries.Select(e => e.ObjectId).ToList(), CancellationToken.None);
        var info = await git.DescribeCommitAsync(commit, CancellationToken.None);
        seen.Add(JsonSerializer.Serialize(new { commit, entries, info, git.Remote, git.RepositoryPath, policy }));
        seen.AddRange(blobs.Select(Encoding.UTF8.GetString));
        seen.Add(git.ToString()!);
        foreach (var failing in new Func<Task>[]
                 {
                     () => git.FetchAsync("no-such-branch", CancellationToken.None),
                     async () => await (await MirrorAsync(policy, "no-such-repo")).FetchAsync("main", CancellationToken.None),
                     () => git.ResolveCommitAsync("no-such-commit", CancellationToken.None),
                 })
        {
            seen.Add((await Assert.ThrowsAsync<GitException>(failing)).Message);
        }

        Assert.All(seen, text => Assert.DoesNotContain(token, text));
        Assert.All(seen, text => Assert.DoesNotContain(Basic, text));
    }

    [Theory]
    [InlineData("line\nbreak", "holds a line break or a character that is not printable ASCII")]
    [InlineData("   ", "is empty")]
    public async Task Fetch_RefusesAMalformedTokenFile_BeforeRunningGit(string content, string gist)
    {
        File.WriteAllText(tokenFile, content);
        var git = await MirrorAsync(Policy with { TokenFile = tokenFile });

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));

        Assert.Contains(gist, error.Message);
        Assert.Empty(server.Authorizations);
    }

    [Fact]
    public async Task Fetch_SaysWhichTokenFileIsMissing()
    {
        var missing = Path.Combine(scratch, "nowhere", "token");
        var git = await MirrorAsync(Policy with { TokenFile = missing });

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));

        Assert.StartsWith($"cannot read the token file {missing}", error.Message);
    }
}
