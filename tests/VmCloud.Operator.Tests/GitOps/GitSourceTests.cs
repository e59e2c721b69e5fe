using System.Text.Json.Nodes;
using static VmCloud.Operator.Tests.GitOps.GitOpsOperator;

namespace VmCloud.Operator.Tests.GitOps;

/// <summary>The Git source end to end: a real remote on loopback, commits pushed while the real operator polls it.</summary>
public sealed class GitSourceTests
{
    [Fact]
    public async Task Commits_AreAppliedWholeOrNotAtAll_ThroughAddModifyDeleteInvalidFixRevertAndForcePush()
    {
        await using var gitops = await StartAsync(work =>
        {
            work.Write("tenants/acme/tenant.yaml", Tenant);
            work.Write("tenants/acme/web-1.yaml", Server("web-1"));
            work.Write("tenants/acme/web-2.yaml", Server("web-2"));
        });
        var work = gitops.Work;
        await gitops.WaitForServersAsync("web-1", "web-2");
        await gitops.WaitForSourceAsync("the seed applied", s => (string?)s["lastAppliedCommit"] == work.Head());

        work.Write("tenants/acme/web-1.yaml", Server("web-1", "VPS-ELITE"));
        var modified = work.CommitAndPush("web-1 grows");
        await gitops.Process.WaitForAsync("web-1 to be VPS-ELITE",
            () => gitops.Process.GetJsonAsync($"{ExampleOperator.ApiRoot}/namespaces/acme/virtualservers/web-1"),
            s => (string?)s["spec"]!["plan"] == "VPS-ELITE");
        await gitops.WaitForSourceAsync("the change applied", s => (string?)s["lastAppliedCommit"] == modified);

        work.Delete("tenants/acme/web-2.yaml");
        var deleted = work.CommitAndPush("drop web-2");
        await gitops.WaitForServersAsync("web-1");

        work.Write("tenants/acme/web-3.yaml", Server("web-3", "VPS-NANOO"));
        var invalid = work.CommitAndPush("a typo");
        var refused = await gitops.WaitForSourceAsync("the typo refused", s => (string?)s["rejectedCommit"] == invalid);
        var error = refused["errors"]!.AsArray().Single()!;
        Assert.Equal(("tenants/acme/web-3.yaml", 6), ((string?)error["file"], (int)error["line"]!));
        Assert.Contains("did you mean \"VPS-NANO\"", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal(deleted, (string?)refused["lastAppliedCommit"]);
        Assert.NotNull(refused["failingSince"]);
        Assert.Equal(["web-1"], await gitops.ServersAsync());

        work.Write("tenants/acme/web-3.yaml", Server("web-3"));
        var fixedCommit = work.CommitAndPush("fix the typo");
        await gitops.WaitForServersAsync("web-1", "web-3");
        var healthy = await gitops.WaitForSourceAsync("the fix applied", s => (string?)s["lastAppliedCommit"] == fixedCommit);
        Assert.Empty(healthy["errors"]!.AsArray());

        work.Write("tenants/acme/web-4.yaml", Server("web-4"));
        work.CommitAndPush("web-4");
        await gitops.WaitForServersAsync("web-1", "web-3", "web-4");
        var reverted = work.Revert();
        await gitops.WaitForServersAsync("web-1", "web-3");
        await gitops.WaitForSourceAsync("the revert applied", s => (string?)s["lastAppliedCommit"] == reverted);

        // History rewritten: the revert is replaced by a commit that also adds web-5.
        work.Write("tenants/acme/web-5.yaml", Server("web-5"));
        var rewritten = work.ForcePush("HEAD~1", "rewritten history");
        await gitops.WaitForServersAsync("web-1", "web-3", "web-5");
        await gitops.WaitForSourceAsync("the force-push applied", s => (string?)s["lastAppliedCommit"] == rewritten);

        var events = ExampleOperator.Items(await gitops.Process.GetJsonAsync($"{ExampleOperator.ApiRoot}/sources/{SourceName}/events"));
        Assert.Contains(events, e => (string?)e["reason"] == "RevisionRefused" && ((string)e["message"]!).Contains(invalid[..7], StringComparison.Ordinal));
        Assert.Contains(events, e => (string?)e["reason"] == "RevisionApplied" && ((string)e["message"]!).Contains(rewritten[..7], StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnreachableRemote_KeepsTheLastGoodState_AndShowsInStatusAndMetrics()
    {
        await using var gitops = await StartAsync(work =>
        {
            work.Write("tenants/acme/tenant.yaml", Tenant);
            work.Write("tenants/acme/web-1.yaml", Server("web-1"));
        });
        await gitops.WaitForServersAsync("web-1");

        gitops.StopDaemon();

        var failing = await gitops.WaitForSourceAsync("the fetch to fail", s => (string?)s["phase"] == "FetchFailing");
        Assert.Contains(gitops.Daemon.Url("fleet"), (string)failing["errors"]![0]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(["web-1"], await gitops.ServersAsync());
        var (_, _, metrics) = await gitops.Process.GetAsync("/metrics");
        Assert.Contains($"vmcloud_source_failing{{source=\"git:{gitops.Daemon.Url("fleet")}#main\"}} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileCommit_ASymlinkLeavingTheRepository_IsRefused_AndNothingOfItIsApplied()
    {
        await using var gitops = await StartAsync(work =>
        {
            work.Write("tenants/acme/tenant.yaml", Tenant);
            work.Write("tenants/acme/web-1.yaml", Server("web-1"));
        });
        await gitops.WaitForServersAsync("web-1");

        gitops.Work.Write("tenants/acme/web-2.yaml", Server("web-2"));
        gitops.Work.Symlink("tenants/acme/secrets.yaml", "../../../../../etc/passwd");
        var hostile = gitops.Work.CommitAndPush("hostile");

        var refused = await gitops.WaitForSourceAsync("the hostile commit refused", s => (string?)s["rejectedCommit"] == hostile);
        var error = refused["errors"]!.AsArray().Single()!;
        Assert.Equal("tenants/acme/secrets.yaml", (string?)error["file"]);
        Assert.Contains("outside", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal(["web-1"], await gitops.ServersAsync());

        var (_, list) = await VmclAsync(gitops, "get", "sources");
        Assert.Contains(SourceName, list, StringComparison.Ordinal);
        Assert.Contains(gitops.Daemon.Url("fleet"), list, StringComparison.Ordinal);
        var (exit, description) = await VmclAsync(gitops, "describe", "source", SourceName);
        Assert.Equal(0, exit);
        Assert.Contains("tenants/acme/secrets.yaml", description, StringComparison.Ordinal);
        Assert.Contains("RevisionRefused", description, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout)> VmclAsync(GitOpsOperator gitops, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await VmCloud.Cli.Vmcl.RunAsync([.. args, "--server", gitops.Process.Address.ToString()], stdout, stderr);
        return (exit, stdout + stderr.ToString());
    }

    [Fact]
    public async Task WebhookPush_StartsASyncAtOnce_AndAWrongOrMissingSignatureIsRefused()
    {
        // Polling hourly: only the webhook can make the operator see the new commit within the test.
        await using var gitops = await StartAsync(work =>
        {
            work.Write("tenants/acme/tenant.yaml", Tenant);
            work.Write("tenants/acme/web-1.yaml", Server("web-1"));
        }, poll: TimeSpan.FromHours(1));
        await gitops.WaitForServersAsync("web-1");
        gitops.Work.Write("tenants/acme/web-2.yaml", Server("web-2"));
        var pushed = gitops.Work.CommitAndPush("web-2");
        var push = new JsonObject { ["ref"] = "refs/heads/main", ["after"] = pushed, ["repository"] = gitops.Repository() };

        Assert.Equal(401, await gitops.DeliverAsync("push", push, secret: "not-the-secret"));
        Assert.Equal(401, await gitops.DeliverAsync("push", push.DeepClone(), secret: null));
        Assert.Equal(202, await gitops.DeliverAsync("push", push.DeepClone()));

        await gitops.WaitForServersAsync("web-1", "web-2");
    }
}
