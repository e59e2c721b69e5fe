using VmCloud.Tests;

namespace VmCloud.Core.Tests.Catalog;

/// <summary>A copy of the repository's policies/ in a temporary directory, for breaking on purpose.</summary>
internal sealed class TempPolicyDirectory : IDisposable
{
    public TempPolicyDirectory()
    {
        Path = Directory.CreateTempSubdirectory("vmcloud-policies-").FullName;
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("policies"), "*.yaml"))
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
    }

    public string Path { get; }

    public string FilePath(string file) => System.IO.Path.Combine(Path, file);

    public string Read(string file) => File.ReadAllText(FilePath(file));

    public void Write(string file, string text) => File.WriteAllText(FilePath(file), text);

    public void Delete(string file) => File.Delete(FilePath(file));

    /// <summary>Replaces text that must occur exactly once, and returns the 1-based line it is on.</summary>
    public int Replace(string file, string oldText, string newText)
    {
        var text = Read(file);
        var at = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{oldText}' is not in {file}");
        Assert.Equal(at, text.LastIndexOf(oldText, StringComparison.Ordinal));
        Write(file, string.Concat(text.AsSpan(0, at), newText, text.AsSpan(at + oldText.Length)));
        return LineAt(text, at);
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="needle"/> in a file.</summary>
    public int LineOf(string file, string needle)
    {
        var text = Read(file);
        var at = text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{needle}' is not in {file}");
        return LineAt(text, at);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static int LineAt(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
