using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace VmCloud.Benchmarks;

/// <summary>
/// The GitOps benchmark's remote: a bare repository in a temporary folder, served as <c>file://</c>,
/// holding N manifests, one object per file: 100 tenants (<c>tenants/T/tenant.yaml</c>) with quotas
/// wide enough for what they hold, and VirtualServers and Volumes (two to one) spread over them
/// (<c>tenants/T/vps-NNNNN.yaml</c>, <c>tenants/T/vol-NNNNN.yaml</c>). Commits are written with
/// <c>git fast-import</c> straight into the bare repository — what a push leaves on the server, and
/// far quicker than checking 10,000 files out and adding them.
/// </summary>
internal sealed class GitOpsRepository : IDisposable
{
    public const int Tenants = 100;
    public const string Branch = "main";

    private static readonly DateTimeOffset FirstDate = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string root;
    private readonly string bare;
    private readonly List<int> servers = [];
    private readonly Dictionary<int, string> plans = [];
    private int commits;

    public GitOpsRepository(int manifests)
    {
        if (manifests <= Tenants) throw new ArgumentOutOfRangeException(nameof(manifests), manifests, $"must be more than the {Tenants} tenants");
        Manifests = manifests;
        root = Directory.CreateTempSubdirectory("vmcloud-gitops-bench-").FullName;
        bare = Path.Combine(root, "remote.git");
        Git(root, "", "init", "--bare", "-q", "--initial-branch=" + Branch, bare);
    }

    /// <summary>Objects in the tree, tenants included.</summary>
    public int Manifests { get; }

    /// <summary>The remote as a source spec names it.</summary>
    public string Spec => $"git:file://{bare}#{Branch}";

    /// <summary>The temporary folder, where the benchmark also keeps its stores and mirrors.</summary>
    public string Root => root;

    /// <summary>Commits the whole tree as the branch's first commit and returns the tree's size in bytes.</summary>
    public long CommitInitial()
    {
        var files = new List<(string Path, string Text)>();
        var objects = Manifests - Tenants;
        var perTenant = (objects + Tenants - 1) / Tenants;
        for (var t = 0; t < Tenants; t++) files.Add(($"tenants/{Tenant(t)}/tenant.yaml", TenantYaml(t, perTenant)));
        for (var i = 0; i < objects; i++)
        {
            if (i % 3 == 2)
            {
                files.Add(($"tenants/{Tenant(i % Tenants)}/vol-{i:00000}.yaml", VolumeYaml(i)));
                continue;
            }
            servers.Add(i);
            plans[i] = "VPS-NANO";
            files.Add((ServerPath(i), ServerYaml(i, plans[i])));
        }
        FastImport("Benchmark fleet", files, first: true);
        return files.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Text));
    }

    /// <summary>Commits a change of plan to <paramref name="count"/> servers (NANO and STARTER in turn), each its own file.</summary>
    public void CommitPlanChanges(int count)
    {
        // Servers spread over the tree (and over tenants), different ones at each commit.
        var step = Math.Max(1, servers.Count / count);
        var changed = Enumerable.Range(0, count).Select(k => servers[(k * step + commits) % servers.Count]).Distinct().ToList();
        foreach (var i in changed) plans[i] = plans[i] == "VPS-NANO" ? "VPS-STARTER" : "VPS-NANO";
        FastImport($"Resize {changed.Count} servers", [.. changed.Select(i => (ServerPath(i), ServerYaml(i, plans[i])))], first: false);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void FastImport(string message, IReadOnlyList<(string Path, string Text)> files, bool first)
    {
        var date = FirstDate.AddMinutes(commits++).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var stream = new StringBuilder();
        stream.Append($"commit refs/heads/{Branch}\ncommitter VmCloud Bench <bench@example.com> {date} +0000\n");
        Data(stream, message);
        // Without "from", fast-import would start the branch again with a parentless commit.
        if (!first) stream.Append($"from refs/heads/{Branch}^0\n");
        foreach (var (path, text) in files)
        {
            stream.Append($"M 100644 inline {path}\n");
            Data(stream, text);
        }
        stream.Append("done\n");
        Git(root, stream.ToString(), "--git-dir=" + bare, "fast-import", "--quiet", "--done");
    }

    private static void Data(StringBuilder stream, string text) =>
        stream.Append($"data {Encoding.UTF8.GetByteCount(text)}\n").Append(text).Append('\n');

    private static string Tenant(int t) => $"bench-{t:000}";

    private static string ServerPath(int i) => $"tenants/{Tenant(i % Tenants)}/vps-{i:00000}.yaml";

    private static string TenantYaml(int t, int perTenant) => $"""
        apiVersion: vmcloud.io/v1alpha1
        kind: Tenant
        metadata:
          name: {Tenant(t)}
        spec:
          displayName: Benchmark tenant {t}
          billingContact: bench-{t}@example.com
          quotas:
            virtualServers: {perTenant}
            volumes: {perTenant}
            vcpus: {perTenant * 2}
            memoryGiB: {perTenant * 4}
            storageGiB: {perTenant * 50}

        """;

    private static string ServerYaml(int i, string plan) => $"""
        apiVersion: vmcloud.io/v1alpha1
        kind: VirtualServer
        metadata:
          name: vps-{i:00000}
          namespace: {Tenant(i % Tenants)}
          labels:
            app: bench
            role: web
        spec:
          plan: {plan}
          image: debian-12
          datacenter: PAR-1

        """;

    private static string VolumeYaml(int i) => $"""
        apiVersion: vmcloud.io/v1alpha1
        kind: Volume
        metadata:
          name: vol-{i:00000}
          namespace: {Tenant(i % Tenants)}
        spec:
          class: STORAGE-SSD
          sizeGiB: 50
          datacenter: PAR-1

        """;

    // The fixture's own git, kept from the machine's configuration like the operator's.
    private static void Git(string directory, string input, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {errors.Result}{output.Result}");
    }
}
