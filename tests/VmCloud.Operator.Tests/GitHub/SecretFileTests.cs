using System.Runtime.Versioning;
using System.Text;
using VmCloud.Operator.GitHub;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>The webhook secret and the GitHub token come from files only their owner can read.</summary>
[SupportedOSPlatform("linux")]
public sealed class SecretFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("vmcloud-github-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void WebhookSecret_Load_DropsTheTrailingLineBreak()
    {
        var path = Write("webhook-secret", "s3cret value\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var body = Encoding.UTF8.GetBytes("{}");

        var (secret, error) = WebhookSecret.Load(path);

        Assert.Null(error);
        Assert.True(secret!.Verifies(body, WebhookSignature.Sign(body, Encoding.UTF8.GetBytes("s3cret value"))));
        Assert.False(secret.Verifies(body, WebhookSignature.Sign(body, Encoding.UTF8.GetBytes("s3cret value\n"))));
        Assert.DoesNotContain("s3cret", secret.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("\n", "the file is empty")]
    [InlineData("  \n", "the file is empty")]
    public void WebhookSecret_Load_RefusesAnEmptyFile(string content, string reason)
    {
        var path = Write("webhook-secret", content, UnixFileMode.UserRead);

        var (secret, error) = WebhookSecret.Load(path);

        Assert.Null(secret);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void WebhookSecret_Load_RefusesAFileEveryUserCanRead_SayingWhatToRun()
    {
        var path = Write("webhook-secret", "s3cret\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (secret, error) = WebhookSecret.Load(path);

        Assert.Null(secret);
        Assert.Contains("readable by every user (mode 0644)", error);
        Assert.Contains($"chmod 600 {path}", error);
    }

    [Fact]
    public void WebhookSecret_Load_NamesAMissingFile()
    {
        var path = Path.Combine(directory, "nothing-here");

        var (secret, error) = WebhookSecret.Load(path);

        Assert.Null(secret);
        Assert.StartsWith($"{path}: no such file", error);
    }

    [Fact]
    public void LoadToken_ReadsOneTokenOnOneLine()
    {
        var path = Write("token", "ghp_abc123\r\n", UnixFileMode.UserRead);

        Assert.Equal(("ghp_abc123", (string?)null), GitHubClient.LoadToken(path));
    }

    [Theory]
    [InlineData("ghp_one ghp_two\n", "one GitHub token on one line")]
    [InlineData("ghp_one\nghp_two\n", "one GitHub token on one line")]
    [InlineData("\n", "the file is empty")]
    public void LoadToken_RefusesAFileThatIsNotOneToken(string content, string reason)
    {
        var path = Write("token", content, UnixFileMode.UserRead);

        var (token, error) = GitHubClient.LoadToken(path);

        Assert.Null(token);
        Assert.Contains(reason, error);
        Assert.DoesNotContain("ghp_", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadToken_RefusesAFileEveryUserCanRead()
    {
        var path = Write("token", "ghp_abc123\n", UnixFileMode.UserRead | UnixFileMode.OtherRead);

        var (token, error) = GitHubClient.LoadToken(path);

        Assert.Null(token);
        Assert.Contains($"chmod 600 {path}", error);
    }

    private string Write(string name, string content, UnixFileMode mode)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
