using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmCloud.Core.Catalog;
using VmCloud.Core.Metrics;
using VmCloud.Engine;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Metering.Postgres;
using VmCloud.Engine.Sources;
using VmCloud.Operator.GitHub;
using VmCloud.Operator.Sources;
using VmCloud.Engine.Store;
using System.Security.Cryptography.X509Certificates;
using VmCloud.Operator;
using VmCloud.Operator.Agents;
using VmCloud.Operator.Api;
using VmCloud.Operator.Billing;

// vmcloud-operator: the control plane host — embedded store, controllers, sources and the HTTP API.
var (options, errors) = OperatorOptions.Parse(args);
if (options is null)
{
    foreach (var error in errors) Console.Error.WriteLine($"vmcloud-operator: {error}");
    Console.Error.WriteLine(OperatorOptions.Usage);
    return 2;
}
var loaded = PolicyLoader.Load(options.PoliciesDirectory);
if (loaded.Policies is not { } policies)
{
    foreach (var error in loaded.Errors) Console.Error.WriteLine($"vmcloud-operator: {error}");
    return 2;
}

var tokens = AgentTokenFile.Empty;
if (options.AgentTokens is { } tokenPath)
{
    var (file, tokenErrors) = AgentTokenFile.Load(tokenPath);
    foreach (var error in tokenErrors) Console.Error.WriteLine($"vmcloud-operator: {error}");
    if (file is null) return 2;
    tokens = file;
}

var (githubToken, githubError) = options.GitHubTokenFile is { } tokenFile ? GitHubClient.LoadToken(tokenFile) : (null, null);
var (webhookSecret, secretError) = options.WebhookSecretFile is { } secretFile ? WebhookSecret.Load(secretFile) : (null, null);
foreach (var error in new[] { githubError, secretError }.OfType<string>()) Console.Error.WriteLine($"vmcloud-operator: {error}");
if (githubError is not null || secretError is not null) return 2;

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:8080");
// Agents long-poll all the time: a log line per request would drown the operator's own messages.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
if (options.Tls is { } tls)
{
    var certificate = X509Certificate2.CreateFromPemFile(tls.Certificate, tls.Key);
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
}
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

// After the store: its lock on the data folder keeps a second operator off the Git mirrors too.
var (origins, originError) = await SourceOrigins.PrepareAsync(options, CancellationToken.None);
if (origins is null)
{
    Console.Error.WriteLine($"vmcloud-operator: {originError}");
    await store.DisposeAsync();
    return 2;
}

ILedger ledger;
try
{
    ledger = options.LedgerPostgresFile is { } connectionFile
        ? await PostgresLedger.OpenAsync((await File.ReadAllTextAsync(connectionFile)).Trim(), CancellationToken.None)
        : FileLedger.Open(Path.Combine(options.DataDirectory, "ledger"));
}
catch (LedgerException e)
{
    var where = options.LedgerPostgresFile is { } file ? $" (--ledger-postgres {file})" : "";
    Console.Error.WriteLine($"vmcloud-operator: cannot open the billing ledger{where}: {e.Message}");
    await store.DisposeAsync();
    return 2;
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(policies);
builder.Services.AddSingleton<IResourceStore>(store);
builder.Services.AddSingleton<Readiness>();
builder.Services.AddSingleton(tokens);
// Listening from the start: counters count from the first reconcile, not from the first scrape.
using var metrics = new MetricsRegistry(new MetricsRegistryOptions { MeterNames = ["VmCloud.Engine"] });
builder.Services.AddSingleton(metrics);
builder.Services.AddSingleton(sp => new ControlPlane(store, policies, TimeProvider.System, sp.GetRequiredService<ILoggerFactory>(),
    ledger: ledger, billingGrace: options.BillingGrace));
builder.Services.AddSingleton(new SourceMetrics());
builder.Services.AddSingleton(sp => new SourceSet(origins, options, store, policies, sp.GetRequiredService<ControlPlane>(),
    sp.GetRequiredService<SourceMetrics>(), TimeProvider.System, sp.GetRequiredService<ILoggerFactory>()));
if (githubToken is not null)
    builder.Services.AddSingleton<IGitHubClient>(sp => new GitHubClient(new HttpClient(), options.GitHubApi, githubToken,
        sp.GetRequiredService<ILogger<GitHubClient>>(), TimeProvider.System));
builder.Services.AddSingleton<PullRequestPlanner>();
builder.Services.AddSingleton<IWebhookDispatcher, WebhookDispatcher>();
if (webhookSecret is not null) builder.Services.AddSingleton(webhookSecret);
builder.Services.AddHostedService<ControlPlaneService>();
builder.Services.AddHostedService<SourceSyncService>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PullRequestPlanner>());
builder.Services.AddOperatorMetrics();

var app = builder.Build();
app.MapGet("/livez", () => Results.Text("ok"));
app.MapGet("/metrics", (MetricsRegistry metrics) => Results.Text(metrics.Render(), PrometheusTextFormat.ContentType));
app.MapGet("/readyz", (Readiness readiness) => readiness.Ready ? Results.Text("ok") : Results.Text("starting", statusCode: 503));
app.MapResourceApi();
app.MapAgentApi();
app.MapGitHubWebhook();
app.MapInvoiceApi();
await app.RunAsync();
await ledger.DisposeAsync();
await store.DisposeAsync();
return 0;
