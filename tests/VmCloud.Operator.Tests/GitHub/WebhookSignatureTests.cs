using System.Text;
using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>X-Hub-Signature-256: the HMAC of the exact body under the exact secret, and nothing else.</summary>
public sealed class WebhookSignatureTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("It's a Secret to Everybody");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    // GitHub's documented example: this secret and body give this signature.
    private const string Documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    public static TheoryData<string, byte[], string?, byte[], bool> Cases => new()
    {
        { "GitHub's documented example", Body, Documented, Secret, true },
        { "signed here", Body, WebhookSignature.Sign(Body, Secret), Secret, true },
        { "uppercase hex", Body, "sha256=" + Documented[7..].ToUpperInvariant(), Secret, true },
        { "wrong secret", Body, Documented, Encoding.UTF8.GetBytes("another secret"), false },
        { "tampered body", Encoding.UTF8.GetBytes("Hello, World?"), Documented, Secret, false },
        { "missing header", Body, null, Secret, false },
        { "empty header", Body, "", Secret, false },
        { "sha1 prefix", Body, "sha1=" + Documented[7..], Secret, false },
        { "no prefix", Body, Documented[7..], Secret, false },
        { "uppercase prefix", Body, "SHA256=" + Documented[7..], Secret, false },
        { "short digest", Body, Documented[..^2], Secret, false },
        { "long digest", Body, Documented + "00", Secret, false },
        { "not hex", Body, Documented[..^1] + "g", Secret, false },
        { "spaces around", Body, " " + Documented + " ", Secret, false },
        { "two headers joined", Body, Documented + "," + Documented, Secret, false },
        { "empty secret", Body, WebhookSignature.Sign(Body, []), [], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsValid_OnlyForTheBodysHmacUnderTheSecret(string name, byte[] body, string? header, byte[] secret, bool valid)
    {
        Assert.True(WebhookSignature.IsValid(body, header, secret) == valid, name);
    }

    [Fact]
    public void Sign_GivesGitHubsDocumentedSignature()
    {
        Assert.Equal(Documented, WebhookSignature.Sign(Body, Secret));
    }
}
