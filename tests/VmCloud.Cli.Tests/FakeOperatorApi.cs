using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using VmCloud.Cli.Client;
using VmCloud.Cli.Output;

namespace VmCloud.Cli.Tests;

/// <summary>A loopback HTTP server that plays the operator's API: fixed answers by path, 404 Status objects otherwise.</summary>
internal sealed class FakeOperatorApi : IDisposable
{
    private readonly HttpListener listener;
    private readonly Dictionary<string, string> answers = [];

    public FakeOperatorApi()
    {
        (listener, Url) = Listen();
        _ = ServeAsync();
    }

    public string Url { get; }

    public List<string> Requests { get; } = [];

    public void Serve(string pathAndQuery, string json)
    {
        lock (answers) answers[pathAndQuery] = json;
    }

    public void Dispose() => listener.Close();

    // The port is free when picked but may be taken before the listener starts: try another.
    private static (HttpListener, string) Listen()
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = $"http://127.0.0.1:{FreePort()}";
            var listener = new HttpListener { Prefixes = { url + "/" } };
            try { listener.Start(); return (listener, url); }
            catch (HttpListenerException) when (attempt < 3) { listener.Close(); }
        }
    }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var key = context.Request.RawUrl ?? "";
            string? json;
            lock (answers)
            {
                Requests.Add(key);
                answers.TryGetValue(key, out json);
            }
            var name = key.Split('?')[0].Split('/')[^1];
            context.Response.StatusCode = json is null ? 404 : 200;
            context.Response.ContentType = "application/json";
            var body = Encoding.UTF8.GetBytes(json ?? $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"virtualservers \"{{name}}\" not found","reason":"NotFound","code":404}""");
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
