using VmCloud.Core.Catalog;
using VmCloud.Core.Manifests;
using VmCloud.Core.Tests.Manifests;
using VmCloud.Core.Validation;

namespace VmCloud.Core.Tests.Validation;

/// <summary>
/// A manifest tree in memory, one object per file, parsed by the real loader. Every file must pass
/// its schema, so a test sees only the errors of the rules over the whole tree.
/// </summary>
internal sealed class ManifestTree
{
    private readonly List<SourceFile> files = [];

    public ManifestTree Add(string path, string text)
    {
        files.Add(Yaml.File(text, path));
        return this;
    }

    /// <summary>A Tenant in its own folder, tenants/NAME/tenant.yaml.</summary>
    public ManifestTree Tenant(string name, string? parent = null, bool annual = false, bool partner = false, string? gpuQuotaModel = null) =>
        Add($"tenants/{name}/tenant.yaml", ManifestText.Tenant(name, parent, annual, partner, gpuQuotaModel));

    /// <summary>The position of <paramref name="needle"/> in a file, moved right by <paramref name="offset"/>.</summary>
    public SourceMark At(string path, string needle, int offset = 0) => Yaml.At(path, TextOf(path), needle, offset);

    /// <summary>The position of the value of the first <c>key: value</c> pair with this key in a file.</summary>
    public SourceMark ValueOf(string path, string key) => Yaml.ValueOf(path, TextOf(path), key);

    public ManifestSet Parse()
    {
        var set = ManifestLoader.Parse(files);
        ErrorAssert.None(set.Errors);
        return set;
    }

    public IReadOnlyList<ManifestError> Validate(PolicySet? policies = null) =>
        ManifestValidator.Validate(Parse().Manifests, policies ?? TestPolicies.Real);

    private string TextOf(string path) => files.Single(f => f.RelativePath == path).Text;
}
