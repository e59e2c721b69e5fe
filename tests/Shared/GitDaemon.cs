using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VmCloud.Tests;

/// <summary>
/// A real <c>git daemon</c> on a free loopback port, serving (and accepting pushes to) the bare
/// repositories of its own temporary folder at <c>git://127.0.0.1:PORT/NAME.git</c>. Started when
/// it accepts connections; disposing kills it with every connection it forked and deletes the folder.
/// </summary>
internal sealed class GitDaemon : IDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(20);

    private readonly Process process;

    private GitDaemon(string root, int port, Process process)
    {
        Root = root;
        Port = port;
        this.process = process;
    }

    /// <summary>The folder holding the served repositories.</summary>
    public string Root { get; }

    /// <summary>The loopback port the daemon listens on.</summary>
    public int Port { get; }

    /// <summary>Starts a daemon over a new temporary folder and waits until it accepts connections.</summary>
    public static async Task<GitDaemon> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("vmcloud-gitd-").FullName;
        // The port is free when picked but may be taken before the daemon binds it: try another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var errors = new System.Text.StringBuilder();
            var process = Launch(root, port, errors);
            if (await WaitListeningAsync(process, port)) return new GitDaemon(root, port, process);
            await process.WaitForExitAsync();
            process.Dispose();
            if (attempt == 3)
            {
                Directory.Delete(root, recursive: true);
                lock (errors) Assert.Fail($"git daemon did not start: {errors}");
            }
        }
    }

    /// <summary>Creates an empty bare repository <c>NAME.git</c> and returns its URL.</summary>
    public string CreateRepository(string name)
    {
        GitCommandLine.Run(Root, null, "init", "--bare", "-q", RepositoryPath(name));
        return Url(name);
    }

    /// <summary>Creates a repository and a scratch clone of it to commit and push from.</summary>
    public GitWorkTree CreateWorkTree(string name) => new(CreateRepository(name));

    /// <summary>The URL of a served repository: <c>git://127.0.0.1:PORT/NAME.git</c>.</summary>
    public string Url(string name) => $"git://127.0.0.1:{Port}/{name}.git";

    /// <summary>The bare repository's folder, for file:// URLs.</summary>
    public string RepositoryPath(string name) => Path.Combine(Root, name + ".git");

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    // The daemon's output is drained as it comes, so a chatty daemon never blocks on a full pipe.
    private static Process Launch(string root, int port, System.Text.StringBuilder errors)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList()) info.Environment.Remove(key);
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        string[] arguments =
        [
            "daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={port}", $"--base-path={root}",
            "--export-all", "--enable=receive-pack", "--informative-errors", root,
        ];
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    // True once the port accepts a connection; false when the daemon exits first (the port was taken).
    private static async Task<bool> WaitListeningAsync(Process process, int port)
    {
        var end = DateTime.UtcNow + ReadyDeadline;
        while (!process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > end)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"git daemon did not listen on {port} within {ReadyDeadline}");
            }
            await Task.Delay(20);
        }
        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
