using System.Diagnostics;
using System.Text;

namespace VmCloud.Core.Tests.Manifests;

/// <summary>A real directory under the system temp folder, removed on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree() => Root = Directory.CreateTempSubdirectory("vmcloud-tree-").FullName;

    public string Root { get; }

    /// <summary>The full path of a '/'-separated path inside the tree.</summary>
    public string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    public string Write(string relative, string text) => WriteBytes(relative, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relative, byte[] bytes)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string MakeDirectory(string relative) => Directory.CreateDirectory(PathOf(relative)).FullName;

    /// <summary>A symbolic link at <paramref name="relative"/> whose target is written as given.</summary>
    public string Link(string relative, string target, bool directory = false)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (directory) Directory.CreateSymbolicLink(path, target);
        else File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>A named pipe, or null when mkfifo is not available.</summary>
    public string? Fifo(string relative)
    {
        var path = PathOf(relative);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false });
        mkfifo!.WaitForExit();
        return mkfifo.ExitCode == 0 ? path : null;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>A fact that runs only where mkfifo(1) exists, since .NET cannot create a FIFO itself.</summary>
internal sealed class FactWithMkfifoAttribute : FactAttribute
{
    public FactWithMkfifoAttribute()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "mkfifo")));
        if (!found) Skip = "mkfifo is not installed";
    }
}
