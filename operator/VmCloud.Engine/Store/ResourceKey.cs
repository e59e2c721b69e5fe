using VmCloud.Api;

namespace VmCloud.Engine.Store;

/// <summary>What identifies an object in the store: kind, namespace (null when cluster-scoped) and name.</summary>
public readonly record struct ResourceKey(string Kind, string? Namespace, string Name)
{
    /// <summary>The key of an object.</summary>
    public static ResourceKey Of(CustomResource resource) =>
        new(resource.Kind, resource.Metadata.Namespace, resource.Metadata.Name);

    /// <inheritdoc />
    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
