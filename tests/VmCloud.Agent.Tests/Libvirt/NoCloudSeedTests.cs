using VmCloud.Agent.Libvirt;
using static VmCloud.Agent.Tests.Libvirt.LibvirtSamples;

namespace VmCloud.Agent.Tests.Libvirt;

/// <summary>The cloud-init NoCloud documents.</summary>
public class NoCloudSeedTests
{
    [Fact]
    public void MetaData_HasUidAsInstanceId_AndHostname() =>
        Assert.Equal($"instance-id: \"{VpsUid}\"\nlocal-hostname: \"web-1\"\n", NoCloudSeed.MetaData(Vps()));

    [Fact]
    public void UserData_IsCloudConfig_WithHostnameAndKeys()
    {
        var server = Vps() with { SshKeys = ["ssh-ed25519 AAAA one@a", "ssh-rsa BBBB two@b"] };

        Assert.Equal(
            "#cloud-config\nhostname: \"web-1\"\nssh_authorized_keys:\n  - \"ssh-ed25519 AAAA one@a\"\n  - \"ssh-rsa BBBB two@b\"\n",
            NoCloudSeed.UserData(server));
    }

    [Fact]
    public void UserData_WithoutKeys_HasEmptyList() =>
        Assert.EndsWith("ssh_authorized_keys: []\n", NoCloudSeed.UserData(Vps() with { SshKeys = [] }));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("key: value # not a comment", "\"key: value # not a comment\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    [InlineData("bell\a", "\"bell\\x07\"")]
    [InlineData("line\u2028separator", "\"line\\u2028separator\"")]
    [InlineData("café", "\"café\"")]
    public void Quote_EscapesWhatYamlWould(string value, string quoted) => Assert.Equal(quoted, NoCloudSeed.Quote(value));

    [Fact]
    public void UserData_KeyWithNewline_CannotAddKeys()
    {
        var server = Vps() with { SshKeys = ["ssh-ed25519 AAAA a\nruncmd: [reboot]"] };

        Assert.DoesNotContain("\nruncmd", NoCloudSeed.UserData(server));
    }
}
