using VmCloud.Agent.Protocol;
using VmCloud.Agent.Tests.Fakes;

namespace VmCloud.Agent.Tests.Protocol;

/// <summary>The agent trusts the operator's certificate only through the CA it is given.</summary>
public sealed class OperatorTlsTests
{
    [Fact]
    public async Task Client_WithTheCaFile_TrustsTheOperator()
    {
        using var certificates = new TestCertificates();
        using var directory = new TempDirectory();
        await using var fake = await FakeOperator.StartAsync(new Dictionary<string, string> { ["par1-c01"] = "t" }, certificates.Server);
        using var http = OperatorHttp.CreateClient(OperatorHttp.LoadRoots(certificates.WriteAuthorityPem(directory.Path)));

        var accepted = await new OperatorClient(http, fake.Url, "par1-c01", "t", TimeProvider.System).RegisterAsync(OperatorClientTests.Registration(), CancellationToken.None);

        Assert.Equal("https", fake.Url.Scheme);
        Assert.Equal(1, accepted.ProtocolVersion);
    }

    [Fact]
    public async Task Client_WithAnotherCa_RefusesTheOperator()
    {
        using var certificates = new TestCertificates();
        using var stranger = new TestCertificates();
        using var directory = new TempDirectory();
        await using var fake = await FakeOperator.StartAsync(new Dictionary<string, string> { ["par1-c01"] = "t" }, certificates.Server);
        using var http = OperatorHttp.CreateClient(OperatorHttp.LoadRoots(stranger.WriteAuthorityPem(directory.Path)));

        var error = await Assert.ThrowsAsync<OperatorException>(() =>
            new OperatorClient(http, fake.Url, "par1-c01", "t", TimeProvider.System).RegisterAsync(OperatorClientTests.Registration(), CancellationToken.None));

        Assert.Equal(OperatorFailure.Unreachable, error.Failure);
    }

    [Fact]
    public async Task Client_WithTheCa_RefusesACertificateForAnotherHost()
    {
        using var certificates = new TestCertificates("operator.par1.example");
        using var directory = new TempDirectory();
        await using var fake = await FakeOperator.StartAsync(new Dictionary<string, string> { ["par1-c01"] = "t" }, certificates.Server);
        using var http = OperatorHttp.CreateClient(OperatorHttp.LoadRoots(certificates.WriteAuthorityPem(directory.Path)));

        var error = await Assert.ThrowsAsync<OperatorException>(() =>
            new OperatorClient(http, fake.Url, "par1-c01", "t", TimeProvider.System).RegisterAsync(OperatorClientTests.Registration(), CancellationToken.None));

        Assert.Equal(OperatorFailure.Unreachable, error.Failure);
    }

    [Fact]
    public void LoadRoots_RefusesAFileWithoutCertificates()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("empty.pem");
        File.WriteAllText(path, "not a certificate\n");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => OperatorHttp.LoadRoots(path));
    }
}
