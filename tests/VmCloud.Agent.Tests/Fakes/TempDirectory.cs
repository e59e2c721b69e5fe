namespace VmCloud.Agent.Tests.Fakes;

/// <summary>A fresh directory under the system's temp folder, deleted with its contents at the end of the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vmcloud-agent-test-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file; the temp folder is cleaned eventually.
        }
    }
}
