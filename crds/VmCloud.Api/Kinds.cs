using System.Reflection;
using VmCloud.Api.V1Alpha1;

namespace VmCloud.Api;

/// <summary>One served kind: its CLR type and its CRD naming.</summary>
public sealed record KindInfo(string Kind, Type Type, string Plural, IReadOnlyList<string> ShortNames, bool Namespaced)
{
    /// <summary>The CRD name, e.g. virtualservers.vmcloud.io.</summary>
    public string CrdName => $"{Plural}.{CustomResource.Group}";
}

/// <summary>The registry of every kind served under vmcloud.io/v1alpha1.</summary>
public static class Kinds
{
    /// <summary>Every kind, in the order they are documented.</summary>
    public static IReadOnlyList<KindInfo> All { get; } =
    [
        Describe(typeof(VirtualServer)),
        Describe(typeof(GpuInstance)),
        Describe(typeof(LoadBalancer)),
        Describe(typeof(CdnDistribution)),
        Describe(typeof(Volume)),
        Describe(typeof(Tenant)),
        Describe(typeof(HypervisorNode)),
        Describe(typeof(Source)),
    ];

    /// <summary>The CLR type stored under a kind name: a served kind, or <see cref="Event"/>.</summary>
    public static Type? TypeOf(string kind) => kind == Event.KindName ? typeof(Event) : Find(kind)?.Type;

    /// <summary>Finds a kind by its exact name, e.g. VirtualServer.</summary>
    public static KindInfo? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);

    /// <summary>Finds a kind the way kubectl does: kind, plural, singular or short name, any case.</summary>
    public static KindInfo? Resolve(string name) => All.FirstOrDefault(k =>
        string.Equals(k.Kind, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(k.Plural, name, StringComparison.OrdinalIgnoreCase)
        || k.ShortNames.Contains(name, StringComparer.OrdinalIgnoreCase));

    private static KindInfo Describe(Type type)
    {
        var crd = type.GetCustomAttribute<CustomResourceAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} lacks [CustomResource]");
        return new KindInfo(type.Name, type, crd.Plural, crd.ShortNames, crd.Namespaced);
    }
}
