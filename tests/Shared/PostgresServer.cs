using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace VmCloud.Tests;

/// <summary>
/// A real PostgreSQL server from Debian's package (<c>/usr/lib/postgresql/VERSION/bin</c>, the newest,
/// or the folder <see cref="BinVariable"/> names), private to its user: a new cluster in its own temporary folder, listening on 127.0.0.1 on a free port
/// with fsync on. Superuser <c>postgres</c> needs <see cref="Password"/> over TCP (what the code under
/// test is given) and is trusted on the unix socket inside the folder (how databases are made).
/// Started when it accepts connections; disposing stops it and deletes the folder. As root, the server
/// runs as the <c>postgres</c> OS user, since PostgreSQL refuses to run as root.
/// </summary>
internal sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>The superuser's name.</summary>
    public const string User = "postgres";

    /// <summary>The environment variable that names another folder of PostgreSQL programs than Debian's.</summary>
    public const string BinVariable = "VMCLOUD_POSTGRES_BIN";

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ToolDeadline = TimeSpan.FromSeconds(120);

    private readonly Process process;
    private readonly StringBuilder log;

    private PostgresServer(string bin, string root, int port, string password, Process process, StringBuilder log)
    {
        Bin = bin;
        Root = root;
        Port = port;
        Password = password;
        this.process = process;
        this.log = log;
    }

    /// <summary>The folder of PostgreSQL's programs, or null when PostgreSQL is not installed.</summary>
    public static string? BinDirectory { get; } = FindBinDirectory();

    /// <summary>Why no server can start here (a test's skip reason), or null when one can.</summary>
    public static string? Unavailable => (BinDirectory, Environment.GetEnvironmentVariable(BinVariable)) switch
    {
        (null, { Length: > 0 } chosen) => $"{BinVariable}={chosen} does not hold PostgreSQL's initdb and postgres",
        (null, _) => "PostgreSQL is not installed: no /usr/lib/postgresql/VERSION/bin/postgres (Debian package postgresql; scripts/install-deps)",
        _ => null,
    };

    /// <summary>The folder of the programs this server runs.</summary>
    public string Bin { get; }

    /// <summary>The temporary folder holding the cluster (<c>data/</c>) and the socket (<c>run/</c>).</summary>
    public string Root { get; }

    /// <summary>The TCP host the server listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The superuser's password, random for each server.</summary>
    public string Password { get; }

    /// <summary>Everything the server wrote to its log so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log) return log.ToString();
        }
    }

    private string SocketDirectory => Path.Combine(Root, "run");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Makes a new cluster and starts its server; returns once it accepts connections.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = BinDirectory ?? throw new InvalidOperationException(Unavailable);
        var root = Directory.CreateTempSubdirectory("vmcloud-pg-").FullName;
        try
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            await InitClusterAsync(bin, root, password);
            // The port is free when picked but may be taken before the server binds it: try another.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var log = new StringBuilder();
                var process = Launch(bin, root, port, log);
                if (await WaitReadyAsync(bin, process, port)) return new PostgresServer(bin, root, port, password, process, log);
                await process.WaitForExitAsync();
                process.Dispose();
                if (attempt == 3) throw new InvalidOperationException($"postgres did not start on 127.0.0.1:{port}: {log}");
            }
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>Creates database <paramref name="name"/> (lower-case letters, digits, _) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name)) throw new ArgumentException($"not a plain database name: {name}", nameof(name));
        await RunAsync(Path.Combine(Bin, "createdb"), asOwner: false, ["-h", SocketDirectory, "-p", $"{Port}", "-U", User, name]);
        return ConnectionString(name);
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> over TCP, with the password.</summary>
    public string ConnectionString(string database) =>
        $"Host={Host};Port={Port};Database={database};Username={User};Password={Password}";

    /// <summary>
    /// Stops the server and waits for it to exit (the folder stays). SIGINT is PostgreSQL's "fast"
    /// shutdown: SIGTERM ("smart") would wait for every client, pooled connections included, to leave.
    /// </summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        await RunAsync("kill", asOwner: false, ["-INT", $"{process.Id}"]);
        using var deadline = new CancellationTokenSource(StopDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private static async Task InitClusterAsync(string bin, string root, string password)
    {
        var passwordFile = Path.Combine(root, "password");
        await File.WriteAllTextAsync(passwordFile, password);
        Directory.CreateDirectory(Path.Combine(root, "run"));
        if (IsRoot) await RunAsync("chown", asOwner: false, ["-R", $"{User}:", root]);
        // --no-sync only skips initdb's own flush of a cluster thrown away after the test; the server runs with fsync on.
        await RunAsync(Path.Combine(bin, "initdb"), asOwner: true,
        [
            "-D", Path.Combine(root, "data"), "-U", User, $"--pwfile={passwordFile}", "-E", "UTF8", "--no-locale",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "--no-instructions",
        ]);
        File.Delete(passwordFile);
    }

    // The log is drained as it comes, so a chatty server never blocks on a full pipe.
    private static Process Launch(string bin, string root, int port, StringBuilder log)
    {
        string[] arguments =
        [
            "-D", Path.Combine(root, "data"), "-p", $"{port}", "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={Path.Combine(root, "run")}", "-c", "fsync=on", "-c", "synchronous_commit=on",
            "-c", "logging_collector=off",
        ];
        var process = new Process { StartInfo = StartInfo(Path.Combine(bin, "postgres"), asOwner: true, arguments, root) };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
        };
        process.ErrorDataReceived += append;
        process.OutputDataReceived += append;
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    // True once the server accepts connections; false when it exits first (the port was taken).
    private static async Task<bool> WaitReadyAsync(string bin, Process process, int port)
    {
        var end = Stopwatch.GetTimestamp() + (long)(ReadyDeadline.TotalSeconds * Stopwatch.Frequency);
        while (!process.HasExited)
        {
            var (exitCode, _) = await TryRunAsync(Path.Combine(bin, "pg_isready"), asOwner: false,
                ["-q", "-h", "127.0.0.1", "-p", $"{port}", "-U", User, "-d", "postgres", "-t", "5"]);
            if (exitCode == 0) return true;
            if (Stopwatch.GetTimestamp() > end)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"postgres did not accept connections on 127.0.0.1:{port} within {ReadyDeadline}");
            }
            await Task.Delay(50);
        }
        return false;
    }

    private static async Task RunAsync(string program, bool asOwner, string[] arguments)
    {
        var (exitCode, output) = await TryRunAsync(program, asOwner, arguments);
        if (exitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {exitCode}: {output}");
    }

    private static Task<(int ExitCode, string Output)> TryRunAsync(string program, bool asOwner, string[] arguments) =>
        ToolProcess.RunAsync(StartInfo(program, asOwner, arguments, Path.GetTempPath()), input: null, ToolDeadline);

    // The cluster's owner runs initdb and postgres: the postgres OS user when this process is root.
    // setpriv executes the program in place (no extra parent), so signals reach postgres itself.
    private static ProcessStartInfo StartInfo(string program, bool asOwner, string[] arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(asOwner && IsRoot ? "setpriv" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (asOwner && IsRoot)
            foreach (var argument in new[] { $"--reuid={User}", $"--regid={User}", "--init-groups", "--", program }) info.ArgumentList.Add(argument);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // PGHOST, PGPORT, PGDATA and the like would point the tools elsewhere.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList()) info.Environment.Remove(key);
        return info;
    }

    private static string? FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable(BinVariable) is { Length: > 0 } chosen)
            return HasServer(chosen) ? chosen : null;
        const string Versions = "/usr/lib/postgresql";
        if (!Directory.Exists(Versions)) return null;
        return Directory.GetDirectories(Versions)
            .Select(path => (Path: Path.Combine(path, "bin"), Version: Version.TryParse(Path.GetFileName(path) + ".0", out var v) ? v : null))
            .Where(candidate => candidate.Version is not null && HasServer(candidate.Path))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Path)
            .FirstOrDefault();
    }

    private static bool HasServer(string bin) => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb"));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
