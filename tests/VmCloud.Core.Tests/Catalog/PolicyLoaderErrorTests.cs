using VmCloud.Core.Catalog;

namespace VmCloud.Core.Tests.Catalog;

/// <summary>Broken policy files must give located errors that say what to fix, never an exception.</summary>
public sealed class PolicyLoaderErrorTests : IDisposable
{
    private readonly TempPolicyDirectory policies = new();

    public void Dispose() => policies.Dispose();

    private PolicyError SingleError()
    {
        var result = PolicyLoader.Load(policies.Path);
        Assert.False(result.Succeeded);
        Assert.Null(result.Policies);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Load_Succeeds_ForAnUnchangedCopy()
    {
        Assert.Empty(PolicyLoader.Load(policies.Path).Errors);
    }

    [Fact]
    public void Load_ReportsFileAndLine_WhenYamlIsInvalid()
    {
        var line = policies.Replace(PolicyLoader.CapacityFile, "  vcpu: 2.0", "  vcpu: [2.0");

        var error = SingleError();

        Assert.Equal(policies.FilePath(PolicyLoader.CapacityFile), error.Path);
        Assert.InRange(error.Line, line, line + 2);
        Assert.StartsWith($"{error.Path}:{error.Line}:{error.Column}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsFileAndLine_WhenKeyIsUnknown()
    {
        var line = policies.Replace(PolicyLoader.CatalogFile, "vcpus: 1, memoryGiB: 2,", "vcpu: 1, memoryGiB: 2,");

        var error = SingleError();

        Assert.Equal(policies.FilePath(PolicyLoader.CatalogFile), error.Path);
        Assert.Equal(line, error.Line);
        Assert.Contains("unknown key 'vcpu'", error.Message, StringComparison.Ordinal);
        Assert.Contains("vcpus", error.Message, StringComparison.Ordinal); // the allowed keys say how to fix it
    }

    [Fact]
    public void Load_ReportsFileAndLine_WhenAValueHasTheWrongType()
    {
        var line = policies.Replace(PolicyLoader.QuotasFile, "virtualServers: 20", "virtualServers: twenty");

        var error = SingleError();

        Assert.Equal((policies.FilePath(PolicyLoader.QuotasFile), line), (error.Path, error.Line));
        Assert.Contains("'twenty' is not a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheFile_WhenAFileIsMissing()
    {
        policies.Delete(PolicyLoader.DiscountsFile);

        var error = SingleError();

        Assert.Equal(policies.FilePath(PolicyLoader.DiscountsFile), error.Path);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsEveryMissingFile_WhenTheDirectoryDoesNotExist()
    {
        var result = PolicyLoader.Load(Path.Combine(policies.Path, "nowhere"));

        Assert.Equal(5, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("not found", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ReportsTheOffer_WhenItsGpuModelIsUnknown()
    {
        var line = policies.Replace(PolicyLoader.CatalogFile, "gpu: {model: T4, count: 1}", "gpu: {model: H100, count: 1}");

        var error = SingleError();

        Assert.Equal((policies.FilePath(PolicyLoader.CatalogFile), line), (error.Path, error.Line));
        Assert.Contains("GPU-STARTER", error.Message, StringComparison.Ordinal);
        Assert.Contains("'H100' is not a GPU model of the catalogue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheDatacenter_WhenItsGpuModelIsUnknown()
    {
        policies.Replace(PolicyLoader.DatacentersFile, "gpuModels: [T4]", "gpuModels: [T4, L40S]");
        var line = policies.LineOf(PolicyLoader.DatacentersFile, "- code: AMS-1");

        var error = SingleError();

        Assert.Equal((policies.FilePath(PolicyLoader.DatacentersFile), line), (error.Path, error.Line));
        Assert.Contains("'L40S'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheSecondOffer_WhenAnOfferIsDuplicated()
    {
        var line = policies.Replace(PolicyLoader.CatalogFile, "{name: VPS-STARTER,", "{name: VPS-NANO,");

        var error = SingleError();

        Assert.Equal((policies.FilePath(PolicyLoader.CatalogFile), line), (error.Path, error.Line));
        Assert.Contains("offer 'VPS-NANO' is defined twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheRatio_WhenATargetIsAbove1()
    {
        policies.Replace(PolicyLoader.CapacityFile, "  storage: 0.60", "  storage: 1.60");
        var line = policies.LineOf(PolicyLoader.CapacityFile, "  vcpu: 0.70");

        var error = SingleError();

        Assert.Equal((policies.FilePath(PolicyLoader.CapacityFile), line), (error.Path, error.Line));
        Assert.Contains("'storage' must be greater than 0 and at most 1, not 1.60", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheOvercommit_WhenItIsBelow1()
    {
        policies.Replace(PolicyLoader.CapacityFile, "  memory: 1.0", "  memory: 0.5");

        var error = SingleError();

        Assert.Contains("overcommit: 'memory' must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheDiscount_WhenItIsAbove1()
    {
        var line = policies.Replace(PolicyLoader.DiscountsFile, "maxTotal: 0.30", "maxTotal: 30");

        var error = SingleError();

        Assert.Equal(policies.FilePath(PolicyLoader.DiscountsFile), error.Path);
        Assert.Contains("'maxTotal' must be between 0 and 1, not 30", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line < line, "the error points at the start of the discounts mapping");
    }

    [Fact]
    public void Load_ReportsTheOffer_WhenAPriceIsNotPositive()
    {
        var line = policies.Replace(PolicyLoader.CatalogFile, "monthlyEuros: 829}", "monthlyEuros: 0}");

        var error = SingleError();

        Assert.Equal(line - 1, error.Line); // the offer's mapping starts on the line above
        Assert.Contains("offer 'GPU-PRO': 'monthlyEuros' must be greater than 0, not 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheOffer_WhenARequiredFieldIsMissing()
    {
        policies.Replace(PolicyLoader.CatalogFile, "iopsPerTB: 50000, ", "");

        var error = SingleError();

        Assert.Contains("offer 'STORAGE-NVME': 'iopsPerTB' is required.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheOffer_WhenAFieldBelongsToAnotherProductLine()
    {
        policies.Replace(PolicyLoader.CatalogFile, "pops: 10, popRegion: Europe,", "pops: 10, vcpus: 4, popRegion: Europe,");

        var error = SingleError();

        Assert.Contains("offer 'CDN-STARTER': 'vcpus' does not apply to CDN offers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheProtocol_WhenItIsNotAListenerProtocol()
    {
        policies.Replace(PolicyLoader.CatalogFile, "protocols: [HTTP, HTTPS]}", "protocols: [HTTP, HTTPS, SMTP]}");

        var error = SingleError();

        Assert.Contains("protocol 'SMTP' is not one of HTTP, HTTPS, TCP, UDP, WebSocket, GRPC, HTTP3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheImage_WhenItIsDuplicated()
    {
        var line = policies.Replace(PolicyLoader.CatalogFile, "{name: debian-12,", "{name: debian-11,");

        var error = SingleError();

        Assert.Equal(line, error.Line);
        Assert.Contains("image 'debian-11' is defined twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheKey_WhenItIsDuplicated()
    {
        var line = policies.Replace(PolicyLoader.DiscountsFile, "partner: 0.15", "partner: 0.15\npartner: 0.10");

        var error = SingleError();

        Assert.Equal(line + 1, error.Line);
        Assert.Contains("duplicate key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsTheModel_WhenACapacityTargetIsMissing()
    {
        policies.Replace(PolicyLoader.CapacityFile, "    T4: 0.80\n", "");

        var error = SingleError();

        Assert.Contains("GPU model 'T4' has no target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsAnEmptyFile()
    {
        policies.Write(PolicyLoader.QuotasFile, "# nothing yet\n");

        var error = SingleError();

        Assert.Equal((policies.FilePath(PolicyLoader.QuotasFile), 1), (error.Path, error.Line));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsAWrongShape_WhenAListIsExpected()
    {
        var line = policies.Replace(PolicyLoader.DatacentersFile, "datacenters:\n", "datacenters: PAR-1\nunused:\n");

        var error = PolicyLoader.Load(policies.Path).Errors[0];

        Assert.Equal((policies.FilePath(PolicyLoader.DatacentersFile), line), (error.Path, error.Line));
        Assert.Contains("'PAR-1' is not a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReportsEveryBrokenFile_InFileOrder()
    {
        policies.Replace(PolicyLoader.DiscountsFile, "partner: 0.15", "partner: -0.15");
        policies.Replace(PolicyLoader.CatalogFile, "{name: VPS-STARTER,", "{name: VPS-NANO,");

        var errors = PolicyLoader.Load(policies.Path).Errors;

        Assert.Equal(
            [policies.FilePath(PolicyLoader.CatalogFile), policies.FilePath(PolicyLoader.DiscountsFile)],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Datacenter_InMaintenance_IsSchedulable_WhenThePolicySaysSo()
    {
        policies.Replace(PolicyLoader.DatacentersFile, "    status: Maintenance\n", "    status: Maintenance\n    schedulable: true\n");

        var policySet = PolicyLoader.Load(policies.Path).Policies!;

        Assert.True(policySet.FindDatacenter("FRA-1")!.Schedulable);
    }
}
