namespace VmCloud.Agent.Tests.Gpus;

/// <summary>A GPU declaration file in its own temporary folder, deleted on dispose.</summary>
internal sealed class TempGpuFile : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vmcloud-gpus-").FullName;

    public TempGpuFile(string text)
    {
        Path = System.IO.Path.Combine(folder, "gpus.yaml");
        File.WriteAllText(Path, text);
    }

    public TempGpuFile(byte[] bytes)
    {
        Path = System.IO.Path.Combine(folder, "gpus.yaml");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
