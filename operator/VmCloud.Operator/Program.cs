using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmCloud.Core.Catalog;
using VmCloud.Engine;
using VmCloud.Engine.Sources;
using VmCloud.Engine.Store;
using VmCloud.Operator;
using VmCloud.Operator.Api;

// vmcloud-operator: the control plane host — embedded store, controllers, sources and the HTTP API.
var (options, errors) = OperatorOptions.Parse(args);
if (options is null)
{
    foreach (var error in errors) Console.Error.WriteLine($"vmcloud-operator: {error}");
    Console.Error.WriteLine("usage: vmcloud-operator [--data-dir DIR] [--source dir:PATH]... [--policies DIR] [--poll 30s] [--urls http://127.0.0.1:8080]");
    return 2;
}
var loaded = PolicyLoader.Load(options.PoliciesDirectory);
if (loaded.Policies is not { } policies)
{
    foreach (var error in loaded.Errors) Console.Error.WriteLine($"vmcloud-operator: {error}");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:8080");
EmbeddedStore store;
try
{
    store = EmbeddedStore.Open(new EmbeddedStoreOptions { DataDirectory = options.DataDirectory }, TimeProvider.System);
}
catch (StoreException e)
{
    Console.Error.WriteLine($"vmcloud-operator: cannot open the store in {options.DataDirectory}: {e.Message}");
    return 2;
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(policies);
builder.Services.AddSingleton<IResourceStore>(store);
builder.Services.AddSingleton<Readiness>();
builder.Services.AddSingleton(sp => new ControlPlane(store, policies, TimeProvider.System, sp.GetRequiredService<ILoggerFactory>()));
builder.Services.AddSingleton<IReadOnlyList<DirectorySource>>(sp => [.. options.Sources.Select(s => new DirectorySource(
    s[4..], store, policies, TimeProvider.System, sp.GetRequiredService<ILoggerFactory>().CreateLogger<DirectorySource>()))]);
builder.Services.AddHostedService<ControlPlaneService>();
builder.Services.AddHostedService<SourceSyncService>();

var app = builder.Build();
app.MapGet("/livez", () => Results.Text("ok"));
app.MapGet("/readyz", (Readiness readiness) => readiness.Ready ? Results.Text("ok") : Results.Text("starting", statusCode: 503));
app.MapResourceApi();
await app.RunAsync();
await store.DisposeAsync();
return 0;
