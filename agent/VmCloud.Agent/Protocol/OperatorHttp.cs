using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmCloud.Agent.Protocol;

/// <summary>
/// The one HTTP client an agent process uses for the operator, shared by every node session of a
/// hollow fleet: a connection per concurrent long-poll, and TLS checked against a private CA when
/// one is given.
/// </summary>
public static class OperatorHttp
{
    /// <summary>
    /// A client with no overall timeout (each request sets its own deadline). With
    /// <paramref name="trustedRoots"/>, the operator's certificate must chain to one of them (and
    /// only them) and name the host; without, the system's trust store decides.
    /// </summary>
    public static HttpClient CreateClient(X509Certificate2Collection? trustedRoots = null)
    {
        var handler = new SocketsHttpHandler
        {
            // Every node session holds a long-poll open and reports alongside it.
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        if (trustedRoots is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(trustedRoots, certificate, chain, errors),
            };
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Reads the PEM certificates of a CA file; throws <see cref="CryptographicException"/> or <see cref="IOException"/> with the reason.</summary>
    public static X509Certificate2Collection LoadRoots(string caFile)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        if (roots.Count == 0) throw new CryptographicException($"{caFile} holds no PEM certificate");
        return roots;
    }

    private static bool Validate(X509Certificate2Collection roots, System.Security.Cryptography.X509Certificates.X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        // The name check stays: a certificate of the private CA for another host is still refused.
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        return chain.Build(leaf);
    }
}
