using VmCloud.Engine.GitSync;

namespace VmCloud.Engine.Tests.GitSync;

/// <summary>Which source specs make a remote, and what a refusal says.</summary>
public sealed class GitRemoteTests
{
    private static readonly GitAccessPolicy Policy = GitAccessPolicy.Default;

    public static TheoryData<string, string, string, string, string> Accepted => new()
    {
        // spec, url, scheme, host, branch
        { "git:https://github.com/acme/fleet.git#main", "https://github.com/acme/fleet.git", "https", "github.com", "main" },
        { "git:https://GitHub.com/acme/fleet.git", "https://GitHub.com/acme/fleet.git", "https", "github.com", "main" },
        { "git:HTTPS://git.example.com:8443/acme/fleet#release/2025", "https://git.example.com:8443/acme/fleet", "https", "git.example.com", "release/2025" },
        { "git:ssh://git@github.com/acme/fleet.git#prod", "ssh://git@github.com/acme/fleet.git", "ssh", "github.com", "prod" },
        { "git:ssh://git@[::1]:2222/acme/fleet.git#main", "ssh://git@[::1]:2222/acme/fleet.git", "ssh", "::1", "main" },
        { "git:git@github.com:acme/fleet.git#main", "git@github.com:acme/fleet.git", "ssh", "github.com", "main" },
        { "git:file:///srv/git/fleet.git#main", "file:///srv/git/fleet.git", "file", "", "main" },
        { "git:https://github.com/acme/fleet.git#refs/pull/7/head", "https://github.com/acme/fleet.git", "https", "github.com", "refs/pull/7/head" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_AcceptsTheUrlForms(string spec, string url, string scheme, string host, string branch)
    {
        var (remote, error) = GitRemote.Parse(spec, Policy);

        Assert.Null(error);
        Assert.Equal((url, scheme, host, branch), (remote!.Url, remote.Scheme, remote.Host, remote.Branch));
        Assert.Equal($"{url}#{branch}", remote.Display);
    }

    public static TheoryData<string, string> Refused => new()
    {
        // spec, the gist of the refusal
        { "https://github.com/acme/fleet.git", "a Git source reads git:URL#BRANCH" },
        { "git:", "the URL is empty" },
        { "git:-uhttps://github.com/x.git", "starts with '-'" },
        { "git:--upload-pack=touch /tmp/pwned", "starts with '-'" },
        { "git:https://github.com/acme/fleet .git", "a space or a control character" },
        { "git:ftp://host/repo.git", "the URL scheme 'ftp' is not supported" },
        { "git:ext::sh -c touch% /tmp/pwned", "a space or a control character" },
        { "git:ext::sh", "transport::address form ('ext::')" },
        { "git:http://github.com/acme/fleet.git", "the URL scheme 'http' is not allowed (allowed: https, ssh, file); --git-allow-scheme http allows it" },
        { "git:git://github.com/acme/fleet.git", "the URL scheme 'git' is not allowed (allowed: https, ssh, file); --git-allow-scheme git allows it" },
        { "git:https://ada:ghp_secret@github.com/acme/fleet.git", "put the token in a file: --git-token-file" },
        { "git:https://ghp_secret@github.com/acme/fleet.git", "put the token in a file: --git-token-file" },
        { "git:ssh://git:hunter2@github.com/acme/fleet.git", "put the token in a file: --git-token-file" },
        { "git:ssh://-oProxyCommand=touch@github.com/x.git", "user name" },
        { "git:ssh://-oProxyCommand=touch/x.git", "is not a host name" },
        { "git:https://github.com:99999/acme/fleet.git", "port '99999'" },
        { "git:https://github.com", "names no repository" },
        { "git:file://server/share/repo.git", "file:///absolute/path" },
        { "git:/srv/git/fleet.git", "not a Git URL" },
        { "git:git@github.com:-oProxyCommand=x", "starts with '-'" },
        { "git:https://github.com/acme/fleet.git#", "the branch name is empty" },
        { "git:https://github.com/acme/fleet.git#-main", "starts with '-'" },
        { "git:https://github.com/acme/fleet.git#main..prod", "holds '..'" },
        { "git:https://github.com/acme/fleet.git#ma in", "a space or a control character" },
        { "git:https://github.com/acme/fleet.git#main~1", "holds '~'" },
        { "git:https://github.com/acme/fleet.git#main^", "holds '^'" },
        { "git:https://github.com/acme/fleet.git#a:b", "holds ':'" },
        { "git:https://github.com/acme/fleet.git#feature/*", "holds '*'" },
        { "git:https://github.com/acme/fleet.git#feat?", "holds '?'" },
        { "git:https://github.com/acme/fleet.git#[x]", "holds '['" },
        { "git:https://github.com/acme/fleet.git#a\\b", "holds '\\'" },
        { "git:https://github.com/acme/fleet.git#main.lock", "ends with '.lock'" },
        { "git:https://github.com/acme/fleet.git#main/", "ends with '/'" },
        { "git:https://github.com/acme/fleet.git#/main", "starts or ends with '/'" },
        { "git:https://github.com/acme/fleet.git#a//b", "holds '//'" },
        { "git:https://github.com/acme/fleet.git#.hidden", "starts with '.'" },
        { "git:https://github.com/acme/fleet.git#main@{1}", "holds '@{'" },
        { "git:https://github.com/acme/fleet.git#@", "reserved" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Parse_RefusesWithAClearMessage(string spec, string gist)
    {
        var (remote, error) = GitRemote.Parse(spec, Policy);

        Assert.Null(remote);
        Assert.Contains(gist, error);
    }

    [Fact]
    public void Parse_RefusesAHostNotAllowed_SayingWhichAreAndHowToAllowMore()
    {
        var policy = Policy with { AllowedHosts = ["github.com", "gitlab.com"] };

        var (_, error) = GitRemote.Parse("git:https://evil.example.com/acme/fleet.git", policy);
        var (allowed, _) = GitRemote.Parse("git:git@GitHub.com:acme/fleet.git", policy);

        Assert.Equal("the host 'evil.example.com' is not allowed (allowed: github.com, gitlab.com); --git-allow-host evil.example.com allows it", error);
        Assert.NotNull(allowed);
    }

    [Fact]
    public void Parse_AcceptsHttpAndGit_OnlyWhenThePolicyAllowsThem()
    {
        var policy = Policy with { AllowedSchemes = ["http", "git"] };

        Assert.Equal("http", GitRemote.Parse("git:http://127.0.0.1:8080/fleet.git", policy).Remote!.Scheme);
        Assert.Equal("git", GitRemote.Parse("git:git://127.0.0.1/fleet.git#main", policy).Remote!.Scheme);
        Assert.Contains("'https' is not allowed (allowed: http, git)", GitRemote.Parse("git:https://github.com/x.git", policy).Error);
    }

    [Fact]
    public void Parse_NeverEchoesACredentialInItsRefusal()
    {
        var (_, error) = GitRemote.Parse("git:https://ada:ghp_s3cr3t@github.com/acme/fleet.git", Policy);

        Assert.DoesNotContain("ghp_s3cr3t", error);
    }

    [Fact]
    public void Text_IsTheDisplay_SafeToLog()
    {
        var remote = GitRemote.Parse("git:ssh://git@github.com:22/acme/fleet.git#prod", Policy).Remote!;

        Assert.Equal("ssh://git@github.com:22/acme/fleet.git#prod", remote.ToString());
    }
}
