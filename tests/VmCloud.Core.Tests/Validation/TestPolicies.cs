using VmCloud.Core.Catalog;
using VmCloud.Tests;

namespace VmCloud.Core.Tests.Validation;

/// <summary>The repository's policies, loaded once, and copies with one thing changed.</summary>
internal static class TestPolicies
{
    public static PolicySet Real { get; } = Load();

    /// <summary>The real policies with one offer changed.</summary>
    public static PolicySet WithOffer(string name, Func<Offer, Offer> change) => Real with
    {
        Catalog = Real.Catalog with { Offers = [.. Real.Catalog.Offers.Select(o => o.Name == name ? change(o) : o)] },
    };

    /// <summary>The real policies without one image.</summary>
    public static PolicySet WithoutImage(string name) => Real with
    {
        Catalog = Real.Catalog with { Images = [.. Real.Catalog.Images.Where(i => i.Name != name)] },
    };

    private static PolicySet Load()
    {
        var result = PolicyLoader.Load(RepoPaths.Combine("policies"));
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Policies!;
    }
}
