using VmCloud.Engine.Metering;
using VmCloud.Engine.Tests.Store;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>The ledger contract over the embedded file ledger, each test in a directory of its own.</summary>
public sealed class FileLedgerContractTests : LedgerContractTests
{
    private readonly string directory = Directory.CreateTempSubdirectory("vmcloud-ledger-").FullName;

    protected override Task<ILedger> OpenAsync() => Task.FromResult<ILedger>(FileLedger.Open(directory));

    protected override Task CleanUpAsync()
    {
        TemporaryDirectory.Delete(directory);
        return Task.CompletedTask;
    }
}
