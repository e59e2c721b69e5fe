using System.Text.Json;
using VmCloud.Tests;

namespace VmCloud.Cli.Tests;

/// <summary>
/// The GitOps example repository (examples/gitops) must validate, and <c>vmcl cost</c> must agree with
/// the monthly costs computed by hand from the catalogue in examples/gitops/README.md.
/// </summary>
public class ExamplesTests
{
    private static readonly string GitOps = RepoPaths.Combine("examples", "gitops");

    /// <summary>The README's grand total, in euros per month.</summary>
    private const decimal HandComputedTotal = 50277.51m;

    /// <summary>
    /// The README's hand computation, one row per tenant: name, monthly euros after discounts,
    /// discount ratio, and how many billable resources the tenant has.
    /// </summary>
    public static TheoryData<string, decimal, decimal, int> HandComputedTenants => new()
    {
        // 633.00 x (1 - 0.17 annual - 0.05 multi-product)
        { "kestrel-analytics", 493.74m, 0.22m, 8 },
        // 79.00 x (1 - 0.15 partner - 0.05 multi-product of the agency's account)
        { "atelier-pixel", 63.20m, 0.20m, 2 },
        // 68.00 x (1 - 0.15 partner from the parent - 0.05 multi-product of the account)
        { "maison-martin", 54.40m, 0.20m, 2 },
        // 316.00 x (1 - 0.30): 0.17 own annual + 0.15 parent's partner + 0.05 = 0.37, capped
        { "optique-leroy", 221.20m, 0.30m, 5 },
        // 24 507.40 x (1 - 0.05 multi-product: GPU, VPS, storage)
        { "helix-ml", 23282.03m, 0.05m, 8 },
        // 17 411.00 x (1 - 0.17 annual); GPU and storage are only two product lines
        { "vocalis-ai", 14451.13m, 0.17m, 5 },
        // 2 581.60, no discount
        { "studio-lumen", 2581.60m, 0.00m, 3 },
        // 11 705.40 x (1 - 0.17 annual - 0.05 multi-product) = 9 130.212
        { "voyago", 9130.21m, 0.22m, 11 },
    };

    /// <summary>Every provisionable plan and storage class of the catalogue.</summary>
    private static readonly string[] ProvisionablePlans =
    [
        "VPS-NANO", "VPS-STARTER", "VPS-PERFORMANCE", "VPS-BUSINESS",
        "VPS-ENTERPRISE", "VPS-ELITE", "VPS-TITANIUM", "VPS-QUANTUM",
        "GPU-STARTER", "GPU-PRO", "GPU-BUSINESS", "GPU-ENTERPRISE",
        "GPU-QUANTUM", "GPU-TITAN", "GPU-CLUSTER", "GPU-SUPERCOMPUTE",
        "LB-STARTER", "LB-BUSINESS", "LB-ENTERPRISE", "LB-GLOBAL",
        "CDN-STARTER", "CDN-PRO", "CDN-BUSINESS", "CDN-GLOBAL",
        "STORAGE-SSD", "STORAGE-NVME", "STORAGE-EXTREME", "STORAGE-DEDICATED",
    ];

    private static readonly string[] ResourceKinds = ["VirtualServer", "GpuInstance", "LoadBalancer", "CdnDistribution", "Volume"];

    [Fact]
    public async Task Validate_AcceptsEveryExample()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("validate", GitOps, "-o", "json");

        Assert.True(exit == 0, $"vmcl validate exited with {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        using var json = ParseJson(stdout, stderr);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.True(root.GetProperty("valid").GetBoolean(), stdout);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("errors").ValueKind);
        Assert.True(root.GetProperty("errors").GetArrayLength() == 0, $"unexpected errors:\n{stdout}");
    }

    [Theory]
    [MemberData(nameof(HandComputedTenants))]
    public async Task Cost_MatchesHandComputedTotals(string tenant, decimal monthlyEuros, decimal discountRatio, int resourceCount)
    {
        using var json = await CostAsync();
        var root = json.RootElement;

        Assert.Equal("EUR", root.GetProperty("currency").GetString());
        Assert.Equal(HandComputedTotal, root.GetProperty("totalMonthlyEuros").GetDecimal());

        var tenants = root.GetProperty("tenants").EnumerateArray().ToList();
        var matches = tenants.Where(t => t.GetProperty("tenant").GetString() == tenant).ToList();
        var entry = Assert.Single(matches);

        Assert.Equal(monthlyEuros, entry.GetProperty("monthlyEuros").GetDecimal());
        // The ratio is a sum of percentages; a binary floating-point sum may carry noise far below 1e-6.
        Assert.Equal(discountRatio, Math.Round(entry.GetProperty("discountRatio").GetDecimal(), 6));

        var resources = entry.GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(resourceCount, resources.Count);
        foreach (var resource in resources)
        {
            Assert.Contains(resource.GetProperty("kind").GetString(), ResourceKinds);
            Assert.Equal(tenant, resource.GetProperty("namespace").GetString());
            Assert.False(string.IsNullOrEmpty(resource.GetProperty("name").GetString()));
            Assert.Contains(resource.GetProperty("plan").GetString(), ProvisionablePlans);
            Assert.True(resource.GetProperty("monthlyEuros").GetDecimal() > 0m, resource.ToString());
        }
    }

    [Fact]
    public async Task Cost_ListsExactlyTheExampleTenants()
    {
        using var json = await CostAsync();

        var expected = HandComputedTenants.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToList();
        var actual = json.RootElement.GetProperty("tenants").EnumerateArray()
            .Select(t => t.GetProperty("tenant").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);

        var sum = HandComputedTenants.Sum(row => (decimal)row[1]);
        Assert.Equal(HandComputedTotal, sum);
    }

    [Fact]
    public async Task Examples_UseEveryProvisionablePlan()
    {
        using var json = await CostAsync();

        var used = json.RootElement.GetProperty("tenants").EnumerateArray()
            .SelectMany(t => t.GetProperty("resources").EnumerateArray())
            .Select(r => r.GetProperty("plan").GetString())
            .ToHashSet();
        var missing = ProvisionablePlans.Where(p => !used.Contains(p)).ToList();
        Assert.True(missing.Count == 0, $"plans no example uses: {string.Join(", ", missing)}");
    }

    private static async Task<JsonDocument> CostAsync()
    {
        var (exit, stdout, stderr) = await CliRun.RunAsync("cost", GitOps, "-o", "json");
        Assert.True(exit == 0, $"vmcl cost exited with {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return ParseJson(stdout, stderr);
    }

    private static JsonDocument ParseJson(string stdout, string stderr)
    {
        try
        {
            return JsonDocument.Parse(stdout);
        }
        catch (JsonException e)
        {
            Assert.Fail($"stdout is not JSON ({e.Message})\nstdout:\n{stdout}\nstderr:\n{stderr}");
            throw;
        }
    }

}
