using System.Net;
using System.Net.Sockets;
using System.Text;
using VmCloud.Engine.GitSync;

namespace VmCloud.Engine.Tests.GitSync;

/// <summary>How credentials reach git: through its environment only, in the forms git and ssh expect.</summary>
public sealed class GitCredentialsTests : IDisposable
{
    // A quote and a space, which the shell running GIT_SSH_COMMAND must not interpret, and a '%', which ssh would expand.
    private readonly string folder = Directory.CreateTempSubdirectory("vmcloud-creds it's %h-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static GitRemote Remote(string url, GitAccessPolicy policy) => GitRemote.Parse($"git:{url}#main", policy).Remote!;

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_PassesTheToken_AsABasicHeader_InGitConfigVariables()
    {
        var policy = GitAccessPolicy.Default with { TokenFile = Write("token", "  ghp_abc123\n") };

        var credentials = GitCredentials.Read(Remote("https://github.com/acme/fleet.git", policy), policy);

        var basic = Convert.ToBase64String("x-access-token:ghp_abc123"u8.ToArray());
        Assert.Equal(
            new Dictionary<string, string> { ["GIT_CONFIG_COUNT"] = "1", ["GIT_CONFIG_KEY_0"] = "http.extraHeader", ["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic },
            credentials.Environment);
        Assert.Equal("token *** header ***", credentials.Redact($"token ghp_abc123 header {basic}"));
    }

    [Fact]
    public void Read_SendsTheTokenOnlyToHttpsRemotes()
    {
        var policy = GitAccessPolicy.Default with { AllowedSchemes = ["file", "git"], TokenFile = Write("token", "ghp_abc123") };

        Assert.Empty(GitCredentials.Read(Remote("file:///srv/fleet.git", policy), policy).Environment);
        Assert.Empty(GitCredentials.Read(Remote("git://example.com/fleet.git", policy), policy).Environment);
    }

    [Fact]
    public void Read_GivesSshTheKeyAndKnownHosts_QuotedForTheShell()
    {
        var key = Write("id_ed25519", "not a real key");
        var knownHosts = Write("known_hosts", "");
        var policy = GitAccessPolicy.Default with { SshKeyFile = key, KnownHostsFile = knownHosts };

        var credentials = GitCredentials.Read(Remote("git@github.com:acme/fleet.git", policy), policy);

        var quotedFolder = folder.Replace("%", "%%", StringComparison.Ordinal).Replace("'", "'\\''", StringComparison.Ordinal);
        Assert.Equal(
            $"ssh -o 'IdentityFile=\"{quotedFolder}/id_ed25519\"' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o 'UserKnownHostsFile=\"{quotedFolder}/known_hosts\"'",
            Assert.Single(credentials.Environment, e => e.Key == "GIT_SSH_COMMAND").Value);
    }

    [Fact]
    public void Read_RefusesSsh_WhenTheKnownHostsFileIsMissing()
    {
        var missing = Path.Combine(folder, "known_hosts");
        var policy = GitAccessPolicy.Default with { KnownHostsFile = missing };

        var error = Assert.Throws<GitException>(() => GitCredentials.Read(Remote("ssh://git@github.com/acme/fleet.git", policy), policy));

        Assert.Equal($"the known_hosts file {missing} does not exist", error.Message);
    }

    [Fact]
    public async Task Fetch_OverSsh_RunsTheSshCommand_AndFailsFastNamingTheRemote()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var policy = GitAccessPolicy.Default with
        {
            SshKeyFile = Write("id_ed25519", "not a real key"),
            KnownHostsFile = Write("known_hosts", ""),
            Timeout = TimeSpan.FromSeconds(20),
        };
        var remote = Remote($"ssh://git@127.0.0.1:{port}/acme/fleet.git", policy);
        var git = await GitCli.OpenMirrorAsync(Path.Combine(folder, "mirror"), remote, policy, CancellationToken.None);

        var error = await Assert.ThrowsAsync<GitException>(() => git.FetchAsync("main", CancellationToken.None));

        Assert.Equal($"fetching ssh://git@127.0.0.1:{port}/acme/fleet.git#main: ssh: connect to host 127.0.0.1 port {port}: Connection refused", error.Message);
    }

    [Fact]
    public void Redact_ReplacesTheLongerSecretFirst()
    {
        var policy = GitAccessPolicy.Default with { TokenFile = Write("token", "abc") };
        var credentials = GitCredentials.Read(Remote("https://github.com/acme/fleet.git", policy), policy);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:abc"));

        Assert.Equal("***", credentials.Redact(basic));
    }
}
