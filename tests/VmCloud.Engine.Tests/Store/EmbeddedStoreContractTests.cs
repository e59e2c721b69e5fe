using VmCloud.Engine.Store;

namespace VmCloud.Engine.Tests.Store;

/// <summary>The contract over the store on disk, each store in its own data directory.</summary>
public sealed class EmbeddedStoreContractTests : ResourceStoreContractTests
{
    private readonly string root = Directory.CreateTempSubdirectory("vmcloud-store-").FullName;
    private int stores;

    protected override IResourceStore CreateStore(StoreOptions options) =>
        EmbeddedStore.Open(new EmbeddedStoreOptions { DataDirectory = Path.Combine(root, $"store-{++stores}"), Store = options }, Time);

    protected override void CleanUp() => TemporaryDirectory.Delete(root);
}
