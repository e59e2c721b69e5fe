using System.Net;
using static VmCloud.Operator.Tests.ExampleOperator;

namespace VmCloud.Operator.Tests;

/// <summary>
/// Edits of the operator's source folder, polled every second: a broken tree is refused whole and
/// the last applied objects stay; a valid tree is applied, pruning what it no longer declares.
/// </summary>
public sealed class OperatorSourceTests
{
    private const string Bastion = $"{ApiRoot}/namespaces/kestrel-analytics/virtualservers/bastion";

    [Fact]
    public async Task InvalidEdit_KeepsThePreviouslyAppliedObjects_AndTheOperatorKeepsServing()
    {
        await using var process = await StartAsync();
        var before = await UidsAsync(process);

        // Two changes in one edit: a broken manifest, and the bastion's removal. Refusing the tree
        // whole means the bastion stays too.
        RemoveBastion(process.SourceDirectory!);
        File.WriteAllText(Path.Combine(process.SourceDirectory!, "tenants", "kestrel-analytics", "broken.yaml"), """
            apiVersion: vmcloud.io/v1alpha1
            kind: VirtualServer
            metadata:
              name: broken
              namespace: kestrel-analytics
            spec:
              plan: VPS-NANOO
              image: debian-12
              datacenter: PAR-1
            """);
        var refused = await process.WaitForAsync("the operator to refuse the broken tree",
            () => process.GetJsonAsync($"{ApiRoot}/sources/dir-source"), source => (string?)source["status"]?["phase"] == "Refused");
        Assert.Contains("broken.yaml", (string)refused["status"]!["errors"]![0]!["file"]!, StringComparison.Ordinal);

        Assert.Equal(before, await UidsAsync(process));
        Assert.Equal(HttpStatusCode.OK, (await process.GetAsync(Bastion)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await process.GetAsync($"{ApiRoot}/namespaces/kestrel-analytics/virtualservers/broken")).Status);
        Assert.Equal(HttpStatusCode.OK, (await process.GetAsync("/readyz")).Status);
    }

    [Fact]
    public async Task ValidEdit_DeletingAServersManifest_PrunesItFromTheApi()
    {
        await using var process = await StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await process.GetAsync(Bastion)).Status);

        RemoveBastion(process.SourceDirectory!);

        await process.WaitForAsync("the bastion to be pruned", async () => (await process.GetAsync(Bastion)).Status, s => s == HttpStatusCode.NotFound);
        var servers = Items(await process.GetJsonAsync($"{ApiRoot}/namespaces/kestrel-analytics/virtualservers"));
        Assert.Equal(["app-1", "app-2", "db-1", "worker-1"], servers.Select(s => (string)s["metadata"]!["name"]!).Order());
    }

    // servers.yaml declares the bastion first; nothing refers to it, so the rest stays valid without it.
    private static void RemoveBastion(string source)
    {
        var file = Path.Combine(source, "tenants", "kestrel-analytics", "servers.yaml");
        var text = File.ReadAllText(file);
        var firstSeparator = text.IndexOf("\n---", StringComparison.Ordinal);
        Assert.Contains("name: bastion", text[..firstSeparator]);
        File.WriteAllText(file, text[(firstSeparator + 1)..]);
    }
}
