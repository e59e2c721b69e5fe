using System.Text.Json.Nodes;
using VmCloud.Operator.Tests.GitHub;
using static VmCloud.Operator.Tests.GitOps.GitOpsOperator;

namespace VmCloud.Operator.Tests.GitOps;

/// <summary>
/// The pull-request flow end to end: a real remote publishing refs/pull/N/head as GitHub does, the
/// real operator receiving signed pull_request deliveries, and a local server playing the GitHub API.
/// </summary>
public sealed class PullRequestPlanTests
{
    private const string Token = "ghp_test_token_that_must_never_leak_0123456789";
    private const string Repository = "acme/fleet";

    [Fact]
    public async Task PullRequest_GetsOnePlanComment_UpdatedOnEveryPush_AndACommitStatus_WithoutLeakingTheToken()
    {
        await using var github = await FakeGitHubApi.StartAsync(Token, Repository);
        var secrets = Directory.CreateTempSubdirectory("vmcloud-github-token-");
        await using var gitops = await StartAsync(work =>
        {
            work.Write("tenants/acme/tenant.yaml", Tenant);
            work.Write("tenants/acme/web-1.yaml", Server("web-1"));
        }, arguments: ["--github-api", github.BaseUrl.ToString(), "--github-token-file", WriteTokenFile(secrets.FullName)]);
        secrets.Delete(recursive: true);
        await gitops.WaitForServersAsync("web-1");
        var work = gitops.Work;
        var @base = work.Head();

        work.Write("tenants/acme/web-2.yaml", Server("web-2", "VPS-ELITE"));
        var first = work.Commit("web-2");
        work.PushRef(first, "refs/pull/7/head");
        Assert.Equal(202, await gitops.DeliverAsync("pull_request", PullRequest(gitops, "opened", @base, first)));

        var created = await gitops.Process.WaitForAsync("the plan comment", () => Task.FromResult(github.Comments(Repository, 7)), c => c.Count == 1);
        Assert.Contains("VirtualServer", created[0].Body, StringComparison.Ordinal);
        Assert.Contains("web-2", created[0].Body, StringComparison.Ordinal);
        var success = await gitops.Process.WaitForAsync("the success status", () => Task.FromResult(github.Statuses(Repository, first)), s => s.Count == 1);
        Assert.Equal(("success", "vmcloud/plan"), (success[0].State, success[0].Context));

        work.Write("tenants/acme/web-3.yaml", Server("web-3", "VPS-NANOO"));
        var second = work.Commit("web-3 with a typo");
        work.PushRef(second, "refs/pull/7/head");
        Assert.Equal(202, await gitops.DeliverAsync("pull_request", PullRequest(gitops, "synchronize", @base, second)));

        var failure = await gitops.Process.WaitForAsync("the failure status", () => Task.FromResult(github.Statuses(Repository, second)), s => s.Count == 1);
        Assert.Equal("failure", failure[0].State);
        var updated = Assert.Single(github.Comments(Repository, 7));
        Assert.Equal(created[0].Id, updated.Id);
        Assert.Contains("tenants/acme/web-3.yaml:6", updated.Body, StringComparison.Ordinal);

        Assert.Equal(["web-1"], await gitops.ServersAsync());
        Assert.All(github.Requests, r => Assert.Equal($"Bearer {Token}", r.Headers.GetValueOrDefault("Authorization")));
        Assert.DoesNotContain(Token, gitops.Process.Output, StringComparison.Ordinal);
    }

    // The operator reads the token at start; the file may go once it runs.
    private static string WriteTokenFile(string folder)
    {
        var path = Path.Combine(folder, "token");
        File.WriteAllText(path, Token + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static JsonObject PullRequest(GitOpsOperator gitops, string action, string @base, string head) => new()
    {
        ["action"] = action,
        ["number"] = 7,
        ["pull_request"] = new JsonObject
        {
            ["number"] = 7,
            ["base"] = new JsonObject { ["ref"] = "main", ["sha"] = @base },
            ["head"] = new JsonObject { ["ref"] = "feature", ["sha"] = head },
        },
        ["repository"] = gitops.Repository(),
    };
}
