using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VmCloud.Tests;

namespace VmCloud.Operator.Tests.GitOps;

/// <summary>
/// The real operator whose only source is a branch of a repository served by a real <c>git daemon</c>
/// on loopback, with a work tree to commit and push from, a webhook secret, and helpers to read the
/// objects and the Source it reports. Disposing stops everything.
/// </summary>
internal sealed class GitOpsOperator : IAsyncDisposable
{
    public const string Secret = "webhook-secret-for-tests";
    public const string SourceName = "fleet-main";

    private readonly string secrets = Directory.CreateTempSubdirectory("vmcloud-gitops-secrets-").FullName;

    private GitOpsOperator(GitDaemon daemon, GitWorkTree work)
    {
        Daemon = daemon;
        Work = work;
    }

    public GitDaemon Daemon { get; }

    private bool daemonStopped;

    /// <summary>Stops the daemon: the remote becomes unreachable.</summary>
    public void StopDaemon()
    {
        daemonStopped = true;
        Daemon.Dispose();
    }

    public GitWorkTree Work { get; }

    public OperatorProcess Process { get; private set; } = null!;

    /// <summary>A daemon with the repository <c>fleet</c>, a first commit made by <paramref name="seed"/>, and the operator over it.</summary>
    public static async Task<GitOpsOperator> StartAsync(Action<GitWorkTree> seed, TimeSpan? poll = null, params string[] arguments)
    {
        var daemon = await GitDaemon.StartAsync();
        var running = new GitOpsOperator(daemon, daemon.CreateWorkTree("fleet"));
        seed(running.Work);
        running.Work.CommitAndPush("seed");
        var secretFile = running.WriteSecret("webhook.secret", Secret);
        running.Process = await OperatorProcess.StartAsync(null, RepoPaths.Combine("policies"), poll ?? TimeSpan.FromSeconds(1),
        [
            "--source", $"git:{daemon.Url("fleet")}#main", "--git-allow-scheme", "git", "--github-webhook-secret", secretFile, .. arguments,
        ]);
        return running;
    }

    /// <summary>Writes a secret file readable by its owner only, and returns its path.</summary>
    public string WriteSecret(string name, string text)
    {
        var path = Path.Combine(secrets, name);
        File.WriteAllText(path, text + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>The Source object's status.</summary>
    public async Task<JsonNode> SourceStatusAsync() =>
        (await Process.GetJsonAsync($"{ExampleOperator.ApiRoot}/sources/{SourceName}"))["status"] ?? new JsonObject();

    /// <summary>Waits until the Source reports <paramref name="until"/>.</summary>
    public Task<JsonNode> WaitForSourceAsync(string what, Func<JsonNode, bool> until) =>
        Process.WaitForAsync(what, SourceStatusAsync, until);

    /// <summary>The names of the tenant's VirtualServers, sorted.</summary>
    public async Task<IReadOnlyList<string>> ServersAsync(string tenant = "acme") =>
        [.. ExampleOperator.Items(await Process.GetJsonAsync($"{ExampleOperator.ApiRoot}/namespaces/{tenant}/virtualservers"))
            .Select(i => (string)i["metadata"]!["name"]!).Order(StringComparer.Ordinal)];

    /// <summary>Waits until the tenant's servers are exactly <paramref name="names"/>.</summary>
    public Task WaitForServersAsync(params string[] names) =>
        Process.WaitForAsync($"servers {string.Join(", ", names)}", () => ServersAsync(), s => s.SequenceEqual(names));

    /// <summary>POSTs a GitHub delivery to /hooks/github, signed with <paramref name="secret"/> (unsigned when null).</summary>
    public async Task<int> DeliverAsync(string eventName, JsonNode payload, string? secret = Secret)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Process.Address, "/hooks/github")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        if (secret is not null)
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>The repository as GitHub's payloads describe it, with the daemon's URL as its git URL.</summary>
    public JsonObject Repository() => new()
    {
        ["full_name"] = "acme/fleet",
        ["clone_url"] = "https://github.example/acme/fleet.git",
        ["git_url"] = Daemon.Url("fleet"),
        ["ssh_url"] = "git@github.example:acme/fleet.git",
        ["html_url"] = "https://github.example/acme/fleet",
    };

    public async ValueTask DisposeAsync()
    {
        if (Process is not null) await Process.DisposeAsync();
        Work.Dispose();
        if (!daemonStopped) Daemon.Dispose();
        Directory.Delete(secrets, recursive: true);
    }

    /// <summary>The Tenant acme.</summary>
    public const string Tenant = """
        apiVersion: vmcloud.io/v1alpha1
        kind: Tenant
        metadata: {name: acme}
        spec: {displayName: Acme, billingContact: billing@acme.example}
        """;

    /// <summary>A VirtualServer of acme; the plan is on line 6.</summary>
    public static string Server(string name, string plan = "VPS-NANO") => $"""
        apiVersion: vmcloud.io/v1alpha1
        kind: VirtualServer
        metadata:
          name: {name}
        spec:
          plan: {plan}
          image: debian-12
          datacenter: PAR-1
        """;
}
