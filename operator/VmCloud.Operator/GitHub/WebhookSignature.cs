using System.Buffers;
using System.Security.Cryptography;

namespace VmCloud.Operator.GitHub;

/// <summary>
/// GitHub's webhook signature: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>,
/// keyed with the webhook's secret.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header GitHub signs deliveries in.</summary>
    public const string Header = "X-Hub-Signature-256";

    private const string Prefix = "sha256=";
    private const int HashBytes = HMACSHA256.HashSizeInBytes;

    /// <summary>
    /// Whether <paramref name="header"/> is the body's signature under <paramref name="secret"/>.
    /// A missing or malformed header, or an empty secret, is never valid. The digests are compared
    /// in constant time so the answer's timing tells an attacker nothing about the right one.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? header, ReadOnlySpan<byte> secret)
    {
        if (secret.IsEmpty || header is null || !header.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var hex = header.AsSpan(Prefix.Length);
        if (hex.Length != HashBytes * 2) return false;
        Span<byte> given = stackalloc byte[HashBytes];
        if (Convert.FromHexString(hex, given, out _, out var written) != OperationStatus.Done || written != HashBytes) return false;
        Span<byte> expected = stackalloc byte[HashBytes];
        HMACSHA256.HashData(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The header value GitHub would send for <paramref name="body"/>: for tests and tools that play GitHub.</summary>
    public static string Sign(ReadOnlySpan<byte> body, ReadOnlySpan<byte> secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
}
