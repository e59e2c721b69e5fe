using System.Text.Json.Nodes;
using VmCloud.Tests;

namespace VmCloud.Operator.Tests;

/// <summary>One operator over examples/gitops, shared by the tests that only read from it.</summary>
public sealed class ExampleOperator : IAsyncLifetime
{
    /// <summary>The API root every path below starts with.</summary>
    public const string ApiRoot = "/apis/vmcloud.io/v1alpha1";

    private OperatorProcess? running;

    /// <summary>The running operator.</summary>
    internal OperatorProcess Process => running ?? throw new InvalidOperationException("the operator has not started");

    public async Task InitializeAsync() => running = await StartAsync();

    public async Task DisposeAsync()
    {
        if (running is not null) await running.DisposeAsync();
    }

    /// <summary>A fresh operator over its own copy of examples/gitops, for tests that edit, kill or restart it.</summary>
    internal static Task<OperatorProcess> StartAsync() =>
        OperatorProcess.StartAsync(RepoPaths.Combine("examples", "gitops"), RepoPaths.Combine("policies"), poll: TimeSpan.FromSeconds(1));

    /// <summary>The items of a list answer.</summary>
    internal static IReadOnlyList<JsonNode> Items(JsonNode list) => [.. list["items"]!.AsArray().OfType<JsonNode>()];

    /// <summary>kind/namespace/name → uid of every object the operator serves.</summary>
    internal static async Task<IReadOnlyDictionary<string, string>> UidsAsync(OperatorProcess process)
    {
        var uids = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in VmCloud.Api.Kinds.All)
            foreach (var item in Items(await process.GetJsonAsync($"{ApiRoot}/{kind.Plural}")))
                uids[$"{kind.Kind}/{item["metadata"]?["namespace"]}/{item["metadata"]!["name"]}"] = (string)item["metadata"]!["uid"]!;
        return uids;
    }
}
