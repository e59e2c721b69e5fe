using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Store;

/// <summary>The contract over the in-memory store.</summary>
public sealed class MemoryStoreContractTests : ResourceStoreContractTests
{
    protected override IResourceStore CreateStore(StoreOptions options) => new MemoryStore(Time, options);
}
