using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VmCloud.Api;
using VmCloud.Api.V1Alpha1;
using VmCloud.Core.Billing;
using VmCloud.Core.Catalog;
using VmCloud.Core.Pricing;
using VmCloud.Engine;
using VmCloud.Engine.Metering;
using VmCloud.Engine.Store;
using VmCloud.Operator.Api;

namespace VmCloud.Operator.Billing;

/// <summary>
/// <c>GET /billing/v1/invoices/{tenant}?month=YYYY-MM[&amp;clients=true]</c>: a tenant's invoice for a
/// calendar month, built from the ledger (an agency's with its clients when asked). The current month's
/// invoice is provisional (<c>final: false</c>) until its last hour closes.
/// </summary>
internal static class InvoiceEndpoints
{
    public const string Path = "/billing/v1/invoices";

    public static IEndpointRouteBuilder MapInvoiceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{tenant}", InvoiceAsync);
        return app;
    }

    private static async Task<IResult> InvoiceAsync(string tenant, string? month, bool? clients, ControlPlane plane, PolicySet policies,
        TimeProvider time, CancellationToken ct)
    {
        if (plane.Meter is not { } meter) return ApiErrors.Status(503, "ServiceUnavailable", "this operator runs without a ledger");
        if (month is null || !DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var first))
            return ApiErrors.BadRequest($"month \"{month}\" is not of the form YYYY-MM, e.g. 2026-11");
        var start = new DateTimeOffset(first.Year, first.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var owner = await plane.Store.GetAsync(new ResourceKey(nameof(Tenant), null, tenant), ct) as Tenant;
        // Records are read by billing account: the agency's for its clients, the tenant's own account otherwise.
        var account = clients == true ? tenant : owner is null ? null : Discounts.AccountOf(owner);
        var records = new List<UsageRecord>();
        try
        {
            await foreach (var record in meter.Ledger.ReadAsync(start, start.AddMonths(1), account, ct))
                records.Add(record);
        }
        catch (LedgerException e)
        {
            return ApiErrors.Status(503, "ServiceUnavailable", e.Message);
        }
        var invoice = Invoices.Build(tenant, start, records, clients == true, policies.Catalog.Currency, time.GetUtcNow(), meter.Grace);
        if (owner is null && invoice.Lines.Count == 0) return ApiErrors.NotFound($"no tenant \"{tenant}\" and no usage of it in {month}");
        return Results.Json(invoice, ApiJson.Options);
    }
}
