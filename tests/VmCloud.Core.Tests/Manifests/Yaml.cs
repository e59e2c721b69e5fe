using VmCloud.Core.Manifests;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>In-memory manifest files, read through the real loader, and positions found in their text.</summary>
internal static class Yaml
{
    /// <summary>A manifest file whose display path is its path in the tree.</summary>
    public static SourceFile File(string text, string path = "m.yaml") => new(path, path, text);

    /// <summary>Parses one file as the loader does for a tree.</summary>
    public static ManifestSet Parse(string text, string path = "m.yaml", bool allowStatus = false, LoadLimits? limits = null) =>
        ManifestLoader.Parse([File(text, path)], limits, allowStatus);

    /// <summary>The YAML documents of a text, or the first error.</summary>
    public static (IReadOnlyList<YamlValue> Documents, ManifestError? Error) Read(string text, LoadLimits? limits = null) =>
        new YamlDocumentReader("m.yaml", limits ?? LoadLimits.Default).Read(text);

    /// <summary>
    /// Where <paramref name="needle"/> first occurs in <paramref name="text"/>, as an editor counts,
    /// moved right by <paramref name="offset"/> characters (to land on a value after its key).
    /// </summary>
    public static SourceMark At(string file, string text, string needle, int offset = 0)
    {
        var index = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' is not in {file}");
        var line = 1 + text.AsSpan(0, index).Count('\n');
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        return new SourceMark(file, line, index - lineStart + 1 + offset);
    }

    /// <summary>The position of the value of the first <c>key: value</c> pair with this key.</summary>
    public static SourceMark ValueOf(string file, string text, string key) => At(file, text, key + ": ", key.Length + 2);
}
