using System.Security.Cryptography;
using System.Text;

namespace VmCloud.Api.Agents;

/// <summary>
/// Per-node bearer tokens. The agent holds the token; the operator keeps only its SHA-256, so a
/// leaked operator configuration lets no one impersonate a node. A token is 32 random bytes, so
/// a plain hash is enough: there is nothing to brute-force.
/// </summary>
public static class AgentTokens
{
    private const string Prefix = "sha256:";

    /// <summary>A new random token, URL-safe base64.</summary>
    public static string Mint() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The form the operator keeps: <c>sha256:</c> and the lowercase hex digest.</summary>
    public static string Hash(string token) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> hashes to <paramref name="hash"/>, in constant time.</summary>
    public static bool Matches(string token, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(hash));
}
