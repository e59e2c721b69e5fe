using System.Text;

namespace VmCloud.Operator.GitHub;

/// <summary>
/// The secret shared with GitHub's webhook, which signs every delivery. The bytes never leave this
/// type: it verifies signatures and prints as <c>***</c>, so it cannot end up in a log by accident.
/// </summary>
public sealed class WebhookSecret
{
    private readonly byte[] key;

    internal WebhookSecret(byte[] key)
    {
        ArgumentOutOfRangeException.ThrowIfZero(key.Length);
        this.key = key;
    }

    /// <summary>
    /// Reads the secret from a file (the trailing line break is not part of it). An empty file, or
    /// one every local user can read, is refused with what to do.
    /// </summary>
    public static (WebhookSecret? Secret, string? Error) Load(string path)
    {
        var (value, error) = SecretFile.Read(path, "GitHub webhook secret");
        return value is null ? (null, error) : (new WebhookSecret(Encoding.UTF8.GetBytes(value)), null);
    }

    /// <summary>Whether <paramref name="signatureHeader"/> is GitHub's signature of <paramref name="body"/> under this secret.</summary>
    public bool Verifies(ReadOnlySpan<byte> body, string? signatureHeader) => WebhookSignature.IsValid(body, signatureHeader, key);

    /// <summary>Never the secret.</summary>
    public override string ToString() => "WebhookSecret(***)";
}
