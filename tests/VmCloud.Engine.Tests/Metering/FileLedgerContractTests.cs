using VmCloud.Engine.Metering;
using VmCloud.Engine.Tests.Store;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>The ledger contract over the embedded file ledger, each test in a directory of its own.</summary>
public sealed class FileLedgerContractTests : LedgerContractTests
{
    private readonly string directory = Directory.CreateTempSubdirectory("vmcloud-ledger-").FullName;

    protected override Task<ILedger> OpenAsync() => Task.FromResult<ILedger>(FileLedger.Open(directory));

    [Fact]
    public async Task ATornLastFrame_IsCutOff_KeptBesideTheFile_AndTheDayWritableAgain()
    {
        await Ledger.RecordAsync([Usage("vm-1", H0)], default);
        await Ledger.DisposeAsync();
        var day = Path.Combine(directory, "usage-2026-11-14.log");
        var whole = new FileInfo(day).Length;
        await File.AppendAllTextAsync(day, "half a frame");   // what a crash mid-write leaves

        await ReopenAsync();
        Assert.Equal(1, await Ledger.RecordAsync([Usage("vm-1", H0), Usage("vm-2", H0)], default));

        Assert.Equal(["vm-1", "vm-2"], (await ReadAsync(H0, H0.AddHours(1))).Select(r => r.Uid));
        Assert.Equal("half a frame", await File.ReadAllTextAsync($"{day}.cut-at-{whole}"));
    }

    protected override Task CleanUpAsync()
    {
        TemporaryDirectory.Delete(directory);
        return Task.CompletedTask;
    }
}
