using VmCloud.Agent.Gpus;

namespace VmCloud.Agent.Tests.Gpus;

public sealed class PciAddressesTests
{
    [Theory]
    [InlineData("00000000:41:00.0", "0000:41:00.0")]
    [InlineData("00000000:3B:00.0", "0000:3b:00.0")]
    [InlineData("00000000:C1:1F.7", "0000:c1:1f.7")]
    [InlineData("00000001:0A:00.1", "0001:0a:00.1")]
    [InlineData("0000FFFF:00:00.0", "ffff:00:00.0")]
    [InlineData("0000:41:00.0", "0000:41:00.0")]
    [InlineData(" 00000000:41:00.0 ", "0000:41:00.0")]
    [InlineData("00010000:41:00.0", null)]
    [InlineData("00000000:41:00.8", null)]
    [InlineData("00000000:41:00", null)]
    [InlineData("00000000:4G:00.0", null)]
    [InlineData("41:00.0", null)]
    [InlineData("", null)]
    public void FromNvml_NormalisesTheBusId_ToTheFourDigitLowerCaseForm(string busId, string? expected)
    {
        Assert.Equal(expected, PciAddresses.FromNvml(busId));
    }

    [Theory]
    [InlineData("0000:41:00.0", true)]
    [InlineData("0000:41:00.7", true)]
    [InlineData("0000:41:00.8", false)]
    [InlineData("0000:3B:00.0", false)]
    [InlineData("00000000:41:00.0", false)]
    [InlineData("0000:41:00.0\n", false)]
    public void IsCanonical_AcceptsOnlyTheStatusForm(string address, bool canonical)
    {
        Assert.Equal(canonical, PciAddresses.IsCanonical(address));
    }
}
