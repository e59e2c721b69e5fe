using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VmCloud.Tests;

/// <summary>
/// Git's smart HTTP on a free loopback port: each request runs <c>git http-backend</c> as a CGI
/// over the bare repositories of <c>projectRoot</c>, behind token authentication as GitHub does it
/// (<c>Authorization: Basic base64(x-access-token:TOKEN)</c>; 401 otherwise). Every Authorization
/// header received is kept, so a test can check what a client sent. Disposing stops the listener
/// and kills any CGI still running.
/// </summary>
/// <remarks>
/// Built on <see cref="HttpListener"/> rather than Kestrel because every test project compiles the
/// shared fixtures, and not all of them reference ASP.NET Core.
/// </remarks>
internal sealed class GitHttpServer : IDisposable
{
    private static readonly TimeSpan CgiDeadline = TimeSpan.FromSeconds(60);

    private readonly HttpListener listener;
    private readonly string projectRoot;
    private readonly string expectedAuthorization;
    private readonly ConcurrentDictionary<int, Process> running = new();
    private readonly ConcurrentQueue<string?> authorizations = new();
    private readonly Task serving;

    private GitHttpServer(HttpListener listener, int port, string projectRoot, string token)
    {
        this.listener = listener;
        this.projectRoot = projectRoot;
        Port = port;
        expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token));
        serving = ServeAsync();
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>
    /// When set, every authorized request is answered with this text as git's "ERR" line, which a
    /// client prints as <c>remote error: TEXT</c>: a hostile server choosing what a client shows.
    /// </summary>
    public string? RemoteError { get; set; }

    /// <summary>The Authorization header of every request received, in order (null when absent).</summary>
    public IReadOnlyList<string?> Authorizations => [.. authorizations];

    /// <summary>Serves the bare repositories under <paramref name="projectRoot"/> to clients presenting <paramref name="token"/>.</summary>
    public static GitHttpServer Start(string projectRoot, string token)
    {
        // The port is free when picked but may be taken before the listener binds it: try another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new GitHttpServer(listener, port, projectRoot, token);
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                listener.Close();
            }
        }
    }

    /// <summary>The URL of a repository <c>NAME.git</c> under the project root.</summary>
    public string Url(string name) => $"http://127.0.0.1:{Port}/{name}.git";

    public void Dispose()
    {
        listener.Close();
        foreach (var process in running.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Ended meanwhile.
            }
        }
        serving.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var authorization = context.Request.Headers["Authorization"];
            authorizations.Enqueue(authorization);
            if (authorization != expectedAuthorization)
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"git\"");
                return;
            }
            if (RemoteError is { } text) await ReplyErrorAsync(response, text);
            else await RunBackendAsync(context.Request, response);
        }
        catch (Exception e) when (e is IOException or HttpListenerException or InvalidOperationException or ObjectDisposedException)
        {
            // The client went away, or the server is stopping.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Already closed.
            }
        }
    }

    private async Task RunBackendAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        using var process = StartBackend(request);
        running[process.Id] = process;
        try
        {
            using var deadline = new CancellationTokenSource(CgiDeadline);
            var writing = WriteBodyAsync(request, process, deadline.Token);
            var errors = process.StandardError.ReadToEndAsync(deadline.Token);
            var output = new BufferedStream(process.StandardOutput.BaseStream);
            var (status, headers) = await ReadCgiHeadersAsync(output, deadline.Token);
            response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) response.ContentType = value;
                else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) response.AddHeader(name, value);
            }
            response.SendChunked = true;
            await output.CopyToAsync(response.OutputStream, deadline.Token);
            await writing;
            await errors;
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            running.TryRemove(process.Id, out _);
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static async Task ReplyErrorAsync(HttpListenerResponse response, string text)
    {
        response.ContentType = "application/x-git-upload-pack-advertisement";
        var body = Encoding.ASCII.GetBytes(PacketLine("# service=git-upload-pack\n") + "0000" + PacketLine("ERR " + text));
        await response.OutputStream.WriteAsync(body);
    }

    // git's pkt-line: four hex digits of length (themselves included), then the data.
    private static string PacketLine(string data) => (data.Length + 4).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + data;

    private Process StartBackend(HttpListenerRequest request)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList()) info.Environment.Remove(key);
        info.ArgumentList.Add("http-backend");
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_PROJECT_ROOT"] = projectRoot;
        info.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        info.Environment["PATH_INFO"] = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        info.Environment["REQUEST_METHOD"] = request.HttpMethod;
        info.Environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
        info.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        info.Environment["REMOTE_ADDR"] = request.RemoteEndPoint.Address.ToString();
        // A chunked body has no length: the backend then reads until its input closes.
        if (request.ContentLength64 >= 0) info.Environment["CONTENT_LENGTH"] = request.ContentLength64.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (request.Headers["Content-Encoding"] is { } encoding) info.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        if (request.Headers["Git-Protocol"] is { } protocol) info.Environment["HTTP_GIT_PROTOCOL"] = protocol;
        return Process.Start(info)!;
    }

    private static async Task WriteBodyAsync(HttpListenerRequest request, Process process, CancellationToken cancellationToken)
    {
        try
        {
            if (request.HasEntityBody) await request.InputStream.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
        }
        finally
        {
            process.StandardInput.Close();
        }
    }

    // "Status: 200 OK" (absent means 200) and the other headers, up to the blank line.
    private static async Task<(int Status, List<(string Name, string Value)> Headers)> ReadCgiHeadersAsync(Stream output, CancellationToken cancellationToken)
    {
        var status = 200;
        var headers = new List<(string, string)>();
        while (await ReadLineAsync(output, cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) status = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            else headers.Add((name, value));
        }
        return (status, headers);
    }

    private static async Task<string> ReadLineAsync(Stream output, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await output.ReadAsync(one, cancellationToken) == 1 && one[0] != '\n') line.Append((char)one[0]);
        return line.ToString().TrimEnd('\r');
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
