using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace VmCloud.Engine.GitSync;

/// <summary>
/// Runs git commands against one repository, hardened for repositories and remotes that may be
/// hostile: no shell, no inherited GIT_* variables, no system or user configuration, no prompts,
/// no hooks, only the allowed transports, objects checked as they arrive, and a deadline after
/// which the whole process tree is killed. Failures become <see cref="GitException"/>s whose text
/// is git's own last lines, stripped of credentials and control characters.
/// </summary>
/// <param name="location">Where git works: <c>--git-dir=DIR</c> for a bare mirror, <c>-C DIR</c> for a clone.</param>
internal sealed class GitCommandRunner(GitAccessPolicy policy, IReadOnlyList<string> location)
{
    private const int KeptErrorBytes = 16 * 1024;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    // What git adds after every failed connection: it would push the actual cause out of the message.
    private static readonly HashSet<string> Boilerplate =
    [
        "Could not read from remote repository.",
        "Please make sure you have the correct access rights",
        "and the repository exists.",
    ];

    // git's names for the transports it reaches remotes with; any other (ext, fd...) stays "never".
    private static readonly string[] Transports = ["https", "ssh", "file", "http", "git"];

    /// <summary>Runs one command and returns its standard output.</summary>
    /// <param name="what">What is being done, for messages: "fetching https://host/repo.git#main".</param>
    public Task<byte[]> RunAsync(string what, IReadOnlyList<string> arguments, CancellationToken cancellationToken, GitCredentials? credentials = null) =>
        ExchangeAsync(what, arguments, credentials, write: null, ReadAllAsync, cancellationToken);

    /// <summary>
    /// Runs one command, feeding its standard input with <paramref name="write"/> (closed after)
    /// while <paramref name="read"/> consumes its standard output. A reader that meets the end of
    /// the output too early throws <see cref="EndOfStreamException"/>, which becomes git's own error.
    /// </summary>
    public async Task<T> ExchangeAsync<T>(string what, IReadOnlyList<string> arguments, GitCredentials? credentials,
        Func<Stream, CancellationToken, Task>? write, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        credentials ??= GitCredentials.None;
        using var process = Start(what, arguments, credentials);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(policy.Timeout);
        // Killing on the deadline unblocks every pipe at once, whatever the reader is waiting on.
        using var killer = deadline.Token.Register(() => Kill(process));
        var errors = ReadErrorsAsync(process.StandardError.BaseStream);
        var writing = WriteAsync(process, write, deadline.Token);
        try
        {
            var (result, ended) = await ReadOutputAsync(process, read, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            var stderr = await errors.WaitAsync(deadline.Token);
            if (process.ExitCode != 0)
                throw new GitException($"{what}: {Describe(stderr, credentials, process.ExitCode)}");
            await writing;
            if (ended) throw new GitException($"{what}: git's output ended early");
            return result!;
        }
        catch (Exception) when (deadline.IsCancellationRequested)
        {
            await StopAsync(process, writing, errors);
            cancellationToken.ThrowIfCancellationRequested();
            throw new GitException($"{what}: timed out after {Seconds(policy.Timeout)}; git was stopped");
        }
        catch
        {
            await StopAsync(process, writing, errors);
            throw;
        }
    }

    /// <summary>Git's error output as one readable line: credentials and URL user parts removed, control characters replaced.</summary>
    internal static string Describe(string stderr, GitCredentials credentials, int exitCode)
    {
        var text = GitText.WithoutUserInfo(credentials.Redact(stderr));
        var lines = text.Split('\n')
            .Select(line => GitText.Printable(line.TrimEnd('\r')).Trim())
            .Select(line => line.StartsWith("fatal: ", StringComparison.Ordinal) ? line[7..] : line.StartsWith("error: ", StringComparison.Ordinal) ? line[7..] : line)
            .Where(line => line.Length > 0 && !Boilerplate.Contains(line))
            .TakeLast(4)
            .ToList();
        var described = lines.Count == 0 ? $"git exited with code {exitCode}" : string.Join("; ", lines);
        return described.Length <= 800 ? described : described[..800] + "...";
    }

    private Process Start(string what, IReadOnlyList<string> arguments, GitCredentials credentials)
    {
        var info = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8NoBom,
        };
        // Variables such as GIT_DIR, GIT_SSH, GIT_PROXY_COMMAND or GIT_CONFIG_PARAMETERS from the
        // operator's own environment would redirect or widen what git does.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_ASKPASS"] = "";
        info.Environment["SSH_ASKPASS"] = "";
        info.Environment["SSH_ASKPASS_REQUIRE"] = "never";
        info.Environment["GIT_PROTOCOL_FROM_USER"] = "0";
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        info.Environment["LC_ALL"] = "C";
        foreach (var (key, value) in credentials.Environment) info.Environment[key] = value;
        foreach (var argument in location) info.ArgumentList.Add(argument);
        foreach (var argument in HardeningOptions()) info.ArgumentList.Add(argument);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new GitException($"{what}: cannot run git ({e.Message}); is git installed?");
        }
        return process;
    }

    private IEnumerable<string> HardeningOptions()
    {
        string[] always =
        [
            "protocol.allow=never",
            "transfer.fsckObjects=true",
            "core.hooksPath=/dev/null",
            "credential.helper=",
            // A redirect would carry the token's header to another host, past the allowed hosts.
            "http.followRedirects=false",
            // A detached gc would outlive the deadline and hold the pipes open.
            "gc.autoDetach=false",
            "core.fsmonitor=false",
            "log.showSignature=false",
        ];
        foreach (var setting in always)
        {
            yield return "-c";
            yield return setting;
        }
        foreach (var scheme in Transports.Where(policy.AllowsScheme))
        {
            yield return "-c";
            yield return $"protocol.{scheme}.allow=always";
        }
    }

    private static async Task<(T? Result, bool Ended)> ReadOutputAsync<T>(Process process, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return (await read(process.StandardOutput.BaseStream, cancellationToken), false);
        }
        catch (EndOfStreamException)
        {
            return (default, true);
        }
    }

    private static async Task WriteAsync(Process process, Func<Stream, CancellationToken, Task>? write, CancellationToken cancellationToken)
    {
        try
        {
            if (write is not null) await write(process.StandardInput.BaseStream, cancellationToken);
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // git exited before reading all its input; its exit code tells why.
            }
        }
    }

    // Keeps the end of the output, where git says what went wrong; a hostile server cannot fill memory through it.
    private static async Task<string> ReadErrorsAsync(Stream stream)
    {
        var kept = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                kept.Write(buffer, 0, read);
                if (kept.Length > 4 * KeptErrorBytes) kept = new MemoryStream(kept.ToArray()[^KeptErrorBytes..]);
            }
        }
        catch (IOException)
        {
            // The process was killed: what was read is all there is.
        }
        return Encoding.UTF8.GetString(kept.ToArray());
    }

    private static async Task<byte[]> ReadAllAsync(Stream output, CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        await output.CopyToAsync(all, cancellationToken);
        return all.ToArray();
    }

    private static async Task StopAsync(Process process, Task writing, Task<string> errors)
    {
        Kill(process);
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(grace.Token);
            await Task.WhenAll(writing, errors).WaitAsync(grace.Token);
        }
        catch (Exception)
        {
            // Only reaping the process and observing its tasks; the first failure is what is reported.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}
